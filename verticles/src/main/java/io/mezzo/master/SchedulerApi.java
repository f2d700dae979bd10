package io.mezzo.master;

import io.mezzo.bus.Failure;
import io.mezzo.model.Ids;
import io.mezzo.model.Resources;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;

/**
 * The scheduler API: checks each call's shape and its stream, then hands it to the part of
 * the master that carries it out. Returns the reply body (null for an accepted call).
 */
final class SchedulerApi {
  private final MasterContext context;
  private final AllocatorClient allocator;
  private final Frameworks frameworks;
  private final OfferCalls offerCalls;
  private final Tasks tasks;

  SchedulerApi(MasterContext context, AllocatorClient allocator, Frameworks frameworks, OfferCalls offerCalls, Tasks tasks) {
    this.context = context;
    this.allocator = allocator;
    this.frameworks = frameworks;
    this.offerCalls = offerCalls;
    this.tasks = tasks;
  }

  /**
   * Carries out {@code call}, made through subscription stream {@code streamId}.
   *
   * @throws Refusal when the call is malformed, invalid or not allowed; nothing changed
   */
  Object handle(Call call, String streamId) {
    if (streamId == null || !Ids.isValid(streamId)) {
      throw Refusal.badRequest("Scheduler calls need a valid Mesos-Stream-Id header");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      return subscribe(call, streamId);
    }
    FrameworkEntry framework = subscribed(call, streamId);
    switch (call.getType()) {
      case TEARDOWN -> frameworks.remove(framework, "torn down by its scheduler");
      case ACCEPT -> offerCalls.accept(framework, required(call.hasAccept(), call.getAccept(), "accept"));
      case DECLINE -> offerCalls.decline(framework, required(call.hasDecline(), call.getDecline(), "decline"));
      case REVIVE -> {
        framework.suppressed = false;
        context.state.changed(framework);
        allocator.revive(framework.id);
      }
      case SUPPRESS -> {
        framework.suppressed = true;
        context.state.changed(framework);
        allocator.suppress(framework.id);
      }
      case KILL -> {
        Call.Kill kill = required(call.hasKill(), call.getKill(), "kill");
        Refusal.requireId("task", kill.getTaskId().getValue());
        if (kill.hasAgentId()) {
          Refusal.requireId("agent", kill.getAgentId().getValue());
        }
        tasks.kill(framework, kill);
      }
      case SHUTDOWN -> shutdown(framework, required(call.hasShutdown(), call.getShutdown(), "shutdown"));
      case ACKNOWLEDGE -> {
        Call.Acknowledge ack = required(call.hasAcknowledge(), call.getAcknowledge(), "acknowledge");
        Refusal.requireId("agent", ack.getAgentId().getValue());
        Refusal.requireId("task", ack.getTaskId().getValue());
        if (ack.getUuid().size() != 16) {
          throw Refusal.badRequest("acknowledge.uuid must be the 16-byte uuid of a status update");
        }
        tasks.acknowledge(framework, ack);
      }
      case RECONCILE -> {
        Call.Reconcile reconcile = call.getReconcile();
        if (reconcile.getTasksCount() > Limits.MAX_RECONCILE_TASKS) {
          throw Refusal.badRequest("reconcile names more than " + Limits.MAX_RECONCILE_TASKS + " tasks");
        }
        for (Call.Reconcile.Task task : reconcile.getTasksList()) {
          Refusal.requireId("task", task.getTaskId().getValue());
          if (task.hasAgentId()) {
            Refusal.requireId("agent", task.getAgentId().getValue());
          }
        }
        tasks.reconcile(framework, reconcile.getTasksList());
      }
      case MESSAGE -> message(framework, required(call.hasMessage(), call.getMessage(), "message"));
      default -> throw Refusal.badRequest("Unsupported scheduler call type " + call.getType());
    }
    return null;
  }

  private Object subscribe(Call call, String streamId) {
    if (!call.hasSubscribe() || !call.getSubscribe().hasFrameworkInfo()) {
      throw Refusal.badRequest("SUBSCRIBE needs subscribe.framework_info");
    }
    FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
    String tooLarge = Limits.frameworkProblem(info);
    if (tooLarge != null) {
      throw Refusal.badRequest(tooLarge);
    }
    if (info.getUser().isEmpty()) {
      throw Refusal.badRequest("framework_info.user is missing");
    }
    if (info.getName().isEmpty()) {
      throw Refusal.badRequest("framework_info.name is missing");
    }
    if (info.hasId()) {
      Refusal.requireId("framework", info.getId().getValue());
    }
    if (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId())) {
      throw Refusal.badRequest("framework_id and subscribe.framework_info.id differ");
    }
    if (info.getRolesCount() > 1) {
      throw Refusal.badRequest("A framework takes one role; MULTI_ROLE frameworks are not supported");
    }
    String role = info.getRolesCount() == 1 ? info.getRoles(0) : info.getRole();
    if (!Resources.isValidRole(role)) {
      throw Refusal.badRequest("Invalid role '" + role + "'");
    }
    double failover = info.getFailoverTimeout();
    if (!Double.isFinite(failover) || failover < 0) {
      throw Refusal.badRequest("framework_info.failover_timeout must be a non-negative number of seconds");
    }
    return frameworks.subscribe(streamId, info, role);
  }

  /** The framework that made the call, which must be subscribed through this stream. */
  private FrameworkEntry subscribed(Call call, String streamId) {
    if (!call.hasFrameworkId()) {
      throw Refusal.badRequest(call.getType() + " needs framework_id");
    }
    String id = call.getFrameworkId().getValue();
    Refusal.requireId("framework", id);
    FrameworkEntry framework = context.state.framework(id);
    if (framework == null) {
      throw new Refusal(Failure.FORBIDDEN, context.state.isRemoved(id)
          ? "Framework " + id + " has been removed"
          : "Framework " + id + " is not subscribed");
    }
    if (!streamId.equals(framework.streamId)) {
      throw new Refusal(Failure.FORBIDDEN,
          "Framework " + id + " is not subscribed through stream " + streamId + "; subscribe again");
    }
    return framework;
  }

  private void shutdown(FrameworkEntry framework, Call.Shutdown shutdown) {
    Refusal.requireId("agent", shutdown.getAgentId().getValue());
    Refusal.requireId("executor", shutdown.getExecutorId().getValue());
    AgentEntry agent = reachableAgent(shutdown.getAgentId().getValue());
    context.outbox.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.SHUTDOWN_EXECUTOR)
            .setShutdownExecutor(
                AgentEvent.ShutdownExecutor.newBuilder()
                    .setFrameworkId(framework.info.getId())
                    .setExecutorId(shutdown.getExecutorId()))
            .build());
  }

  private void message(FrameworkEntry framework, Call.Message message) {
    Refusal.requireId("agent", message.getAgentId().getValue());
    Refusal.requireId("executor", message.getExecutorId().getValue());
    if (message.getData().size() > Limits.MAX_MESSAGE_BYTES) {
      throw Refusal.badRequest("message.data is larger than " + Limits.MAX_MESSAGE_BYTES + " bytes");
    }
    AgentEntry agent = reachableAgent(message.getAgentId().getValue());
    context.outbox.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.SEND_FRAMEWORK_MESSAGE)
            .setSendFrameworkMessage(
                AgentEvent.SendFrameworkMessage.newBuilder()
                    .setFrameworkId(framework.info.getId())
                    .setExecutorId(message.getExecutorId())
                    .setData(message.getData()))
            .build());
  }

  private AgentEntry reachableAgent(String agentId) {
    AgentEntry agent = context.state.agent(agentId);
    if (agent == null || !agent.reachable) {
      throw Refusal.notFound("Agent " + agentId + " is " + (agent == null ? "unknown" : "unreachable"));
    }
    return agent;
  }

  private static <T> T required(boolean present, T value, String field) {
    if (!present) {
      throw Refusal.badRequest("The call needs its " + field + " field");
    }
    return value;
  }
}
