package io.mezzo.master;

import io.mezzo.bus.Failure;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.scheduler.Event;

/** The agent API: checks each call from an agent, then hands it to the master's parts. */
final class AgentApi {
  static final int MAX_HOSTNAME_LENGTH = 255;
  static final int MAX_ATTRIBUTES = 100;

  private final MasterContext context;
  private final Agents agents;
  private final Tasks tasks;

  AgentApi(MasterContext context, Agents agents, Tasks tasks) {
    this.context = context;
    this.agents = agents;
    this.tasks = tasks;
  }

  /**
   * Carries out {@code call}.
   *
   * @return the reply body (null when there is nothing to say)
   * @throws Refusal when the call is malformed or the agent must re-register
   */
  Object handle(AgentCall call) {
    switch (call.getType()) {
      case REGISTER_AGENT -> {
        AgentCall.RegisterAgent register = call.getRegisterAgent();
        return agents.register(register, checkAgentInfo(register.getAgentInfo()));
      }
      case REREGISTER_AGENT -> {
        AgentCall.ReregisterAgent reregister = call.getReregisterAgent();
        Resources total = checkAgentInfo(reregister.getAgentInfo());
        String agentId = reregister.getAgentInfo().getId().getValue();
        for (Task task : reregister.getTasksList()) {
          checkTask(task, agentId);
        }
        for (FrameworkInfo framework : reregister.getFrameworksList()) {
          Refusal.requireId("framework", framework.getId().getValue());
        }
        return agents.reregister(reregister, total);
      }
      case UPDATE_STATUS -> {
        AgentEntry agent = registered(call);
        StatusUpdate update = call.getUpdateStatus();
        Refusal.requireId("framework", update.getFrameworkId().getValue());
        Refusal.requireId("task", update.getStatus().getTaskId().getValue());
        if (!update.getStatus().hasState() || update.getStatus().getUuid().size() != 16) {
          throw Refusal.badRequest("A status update needs a state and a 16-byte uuid");
        }
        tasks.update(agent, update);
        return null;
      }
      case SEND_EXECUTOR_MESSAGE -> {
        AgentEntry agent = registered(call);
        AgentCall.SendExecutorMessage message = call.getSendExecutorMessage();
        Refusal.requireId("framework", message.getFrameworkId().getValue());
        Refusal.requireId("executor", message.getExecutorId().getValue());
        if (message.getData().size() > Limits.MAX_MESSAGE_BYTES) {
          throw Refusal.badRequest("Executor message is larger than " + Limits.MAX_MESSAGE_BYTES + " bytes");
        }
        FrameworkEntry framework = context.state.framework(message.getFrameworkId().getValue());
        if (framework == null) {
          throw Refusal.notFound("Unknown framework " + message.getFrameworkId().getValue());
        }
        context.outbox.toFramework(
            framework,
            Event.newBuilder()
                .setType(Event.Type.MESSAGE)
                .setMessage(
                    Event.Message.newBuilder()
                        .setAgentId(io.mezzo.v1.AgentID.newBuilder().setValue(agent.id))
                        .setExecutorId(message.getExecutorId())
                        .setData(message.getData()))
                .build());
        return null;
      }
      default -> throw Refusal.badRequest("Unsupported agent call type " + call.getType());
    }
  }

  /** The registered, reachable agent that made the call; any other must re-register first. */
  private AgentEntry registered(AgentCall call) {
    String id = call.getAgentId().getValue();
    Refusal.requireId("agent", id);
    AgentEntry agent = context.state.agent(id);
    if (agent == null || !agent.reachable) {
      throw new Refusal(Failure.CONFLICT, "Agent " + id + " is not registered with this master; re-register");
    }
    return agent;
  }

  private static Resources checkAgentInfo(AgentInfo info) {
    Refusal.requireId("agent", info.getId().getValue());
    if (info.getHostname().isEmpty() || info.getHostname().length() > MAX_HOSTNAME_LENGTH) {
      throw Refusal.badRequest("agent_info.hostname must have 1 to " + MAX_HOSTNAME_LENGTH + " characters");
    }
    if (info.getAttributesCount() > MAX_ATTRIBUTES) {
      throw Refusal.badRequest("An agent may have at most " + MAX_ATTRIBUTES + " attributes");
    }
    try {
      Resources total = Resources.fromProto(info.getResourcesList());
      if (total.isEmpty()) {
        throw Refusal.badRequest("Agent " + info.getId().getValue() + " offers no resources");
      }
      return total;
    } catch (InvalidResourcesException e) {
      throw Refusal.badRequest("Agent " + info.getId().getValue() + " has invalid resources: " + e.getMessage());
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
