package io.mezzo.master.validation;

import io.mezzo.bus.Refusal;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.StatusUpdate;

/**
 * The checks of an agent's calls, in the two steps the master takes: who calls
 * ({@link #checkCaller}), for the calls only a registered agent makes, then what the call
 * says ({@link #check}). Each throws a {@link Refusal} (400) naming the first problem.
 */
public final class AgentCalls {
  static final int MAX_HOSTNAME_LENGTH = 255;
  static final int MAX_ATTRIBUTES = 100;

  private AgentCalls() {}

  /** Whether a call of {@code type} comes from an agent that must be registered already. */
  public static boolean fromRegisteredAgent(AgentCall.Type type) {
    return type == AgentCall.Type.UPDATE_STATUS || type == AgentCall.Type.SEND_EXECUTOR_MESSAGE
        || type == AgentCall.Type.EXITED_EXECUTOR;
  }

  /** Checks the agent ID that a call of a registered agent names. */
  public static void checkCaller(AgentCall call) {
    Refusal.requireId("agent", call.getAgentId().getValue());
  }

  /** Checks what {@code call} says: its type, the fields that type needs and their values. */
  public static void check(AgentCall call) {
    switch (call.getType()) {
      case REGISTER_AGENT -> checkAgentInfo(call.getRegisterAgent().getAgentInfo());
      case REREGISTER_AGENT -> {
        AgentCall.ReregisterAgent reregister = call.getReregisterAgent();
        checkAgentInfo(reregister.getAgentInfo());
        String agentId = reregister.getAgentInfo().getId().getValue();
        for (Task task : reregister.getTasksList()) {
          checkTask(task, agentId);
        }
        for (FrameworkInfo framework : reregister.getFrameworksList()) {
          Refusal.requireId("framework", framework.getId().getValue());
        }
        for (ExecutorInfo executor : reregister.getExecutorsList()) {
          Refusal.requireId("framework", executor.getFrameworkId().getValue());
          Refusal.requireId("executor", executor.getExecutorId().getValue());
          try {
            Resources.fromProto(executor.getResourcesList());
          } catch (InvalidResourcesException e) {
            throw Refusal.badRequest("Executor " + executor.getExecutorId().getValue() + " has invalid resources: "
                + e.getMessage());
          }
        }
      }
      case UPDATE_STATUS -> {
        StatusUpdate update = call.getUpdateStatus();
        Refusal.requireId("framework", update.getFrameworkId().getValue());
        Refusal.requireId("task", update.getStatus().getTaskId().getValue());
        if (!update.getStatus().hasState() || update.getStatus().getUuid().size() != 16) {
          throw Refusal.badRequest("A status update needs a state and a 16-byte uuid");
        }
      }
      case SEND_EXECUTOR_MESSAGE -> {
        AgentCall.SendExecutorMessage message = call.getSendExecutorMessage();
        Refusal.requireId("framework", message.getFrameworkId().getValue());
        Refusal.requireId("executor", message.getExecutorId().getValue());
        if (message.getData().size() > Limits.MAX_MESSAGE_BYTES) {
          throw Refusal.badRequest("Executor message is larger than " + Limits.MAX_MESSAGE_BYTES + " bytes");
        }
      }
      case EXITED_EXECUTOR -> {
        AgentCall.ExitedExecutor exited = call.getExitedExecutor();
        Refusal.requireId("framework", exited.getFrameworkId().getValue());
        Refusal.requireId("executor", exited.getExecutorId().getValue());
        if (exited.getMessage().length() > Limits.MAX_MESSAGE_BYTES) {
          throw Refusal.badRequest("Executor exit message is larger than " + Limits.MAX_MESSAGE_BYTES + " bytes");
        }
      }
      default -> throw Refusal.badRequest("Unsupported agent call type " + call.getType());
    }
  }

  private static void checkAgentInfo(AgentInfo info) {
    Refusal.requireId("agent", info.getId().getValue());
    if (info.getHostname().isEmpty() || info.getHostname().length() > MAX_HOSTNAME_LENGTH) {
      throw Refusal.badRequest("agent_info.hostname must have 1 to " + MAX_HOSTNAME_LENGTH + " characters");
    }
    if (info.getAttributesCount() > MAX_ATTRIBUTES) {
      throw Refusal.badRequest("An agent may have at most " + MAX_ATTRIBUTES + " attributes");
    }
    Resources total;
    try {
      total = Resources.fromProto(info.getResourcesList());
    } catch (InvalidResourcesException e) {
      throw Refusal.badRequest("Agent " + info.getId().getValue() + " has invalid resources: " + e.getMessage());
    }
    if (total.isEmpty()) {
      throw Refusal.badRequest("Agent " + info.getId().getValue() + " offers no resources");
    }
  }

  private static void checkTask(Task task, String agentId) {
    Refusal.requireId("framework", task.getFrameworkId().getValue());
    Refusal.requireId("task", task.getTaskId().getValue());
    if (!task.getAgentId().getValue().equals(agentId) || !task.hasState()) {
      throw Refusal.badRequest("Task " + task.getTaskId().getValue() + " must name agent " + agentId + " and a state");
    }
    try {
      Resources.fromProto(task.getResourcesList());
    } catch (InvalidResourcesException e) {
      throw Refusal.badRequest("Task " + task.getTaskId().getValue() + " has invalid resources: " + e.getMessage());
    }
  }
}
