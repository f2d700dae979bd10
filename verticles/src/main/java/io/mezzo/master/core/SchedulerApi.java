package io.mezzo.master.core;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.SchedulerCalls;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;

/**
 * The scheduler API: has each call checked, finds the framework that makes it, then hands it
 * to the part of the master that carries it out. Returns the reply body (null for an
 * accepted call).
 */
final class SchedulerApi {
  private final MasterContext context;
  private final Frameworks frameworks;
  private final OfferCalls offerCalls;
  private final Tasks tasks;
  private final Executors executors;

  SchedulerApi(MasterContext context, Frameworks frameworks, OfferCalls offerCalls, Tasks tasks, Executors executors) {
    this.context = context;
    this.frameworks = frameworks;
    this.offerCalls = offerCalls;
    this.tasks = tasks;
    this.executors = executors;
  }

  /**
   * Carries out {@code call}, made through subscription stream {@code streamId}.
   *
   * @throws Refusal when the call is malformed, invalid or not allowed; nothing changed
   */
  Object handle(Call call, String streamId) {
    SchedulerCalls.checkCaller(call, streamId);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      SchedulerCalls.check(call);
      FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
      String role = SchedulerCalls.role(info);
      return frameworks.subscribe(streamId, info, role, call.getSubscribe().getSuppressedRolesList().contains(role));
    }
    FrameworkEntry framework = subscribed(call.getFrameworkId().getValue(), streamId);
    SchedulerCalls.check(call);
    switch (call.getType()) {
      case TEARDOWN -> frameworks.remove(framework, "torn down by its scheduler");
      case ACCEPT -> offerCalls.accept(framework, call.getAccept());
      case DECLINE -> offerCalls.decline(framework, call.getDecline());
      case REVIVE -> frameworks.revive(framework);
      case SUPPRESS -> frameworks.suppress(framework);
      case UPDATE_FRAMEWORK -> frameworks.update(framework, call.getUpdateFramework());
      case REQUEST -> { }
      case KILL -> tasks.kill(framework, call.getKill());
      case SHUTDOWN -> executors.shutdown(framework, call.getShutdown());
      case ACKNOWLEDGE -> tasks.acknowledge(framework, call.getAcknowledge());
      case RECONCILE -> tasks.reconcile(framework, call.getReconcile().getTasksList());
      case MESSAGE -> executors.frameworkMessage(framework, call.getMessage());
      default -> throw new IllegalStateException("no handler for checked scheduler call type " + call.getType());
    }
    return null;
  }

  /**
   * Framework {@code id}, which must be subscribed through stream {@code streamId}. An
   * unknown or removed framework and another stream's call are bad requests (400), as in
   * Mesos; 403 is kept for what authorization refuses.
   */
  private FrameworkEntry subscribed(String id, String streamId) {
    FrameworkEntry framework = context.state.framework(id);
    if (framework == null) {
      throw new Refusal(Failure.BAD_REQUEST, context.state.isRemoved(id)
          ? "Framework " + id + " has been removed"
          : "Framework " + id + " is not subscribed");
    }
    if (!streamId.equals(framework.streamId)) {
      throw new Refusal(Failure.BAD_REQUEST,
          "Framework " + id + " is not subscribed through stream " + streamId + "; subscribe again");
    }
    return framework;
  }
}
