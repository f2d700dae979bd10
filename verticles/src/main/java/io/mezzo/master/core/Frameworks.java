package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.SchedulerCalls;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.internal.FrameworkRecord;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framework's life at the master: subscription and re-subscription (failover),
 * disconnection detected by heartbeats, the failover timeout, and removal.
 */
final class Frameworks {
  private static final Logger LOG = LoggerFactory.getLogger(Frameworks.class);

  /** Longest failover timeout honoured; longer ones are capped (timers take a long of millis). */
  static final double MAX_FAILOVER_SECONDS = 365.0 * 24 * 3600;

  private final MasterContext context;
  private final AllocatorClient allocator;
  private final Offers offers;
  private final Tasks tasks;
  private final Observers observers;

  Frameworks(MasterContext context, AllocatorClient allocator, Offers offers, Tasks tasks, Observers observers) {
    this.context = context;
    this.allocator = allocator;
    this.offers = offers;
    this.tasks = tasks;
    this.observers = observers;
  }

  /**
   * Subscribes a framework through stream {@code streamId}: a new one when {@code info} has
   * no ID, otherwise a re-subscription that takes over from any earlier stream.
   *
   * @param suppressed whether the framework's role is among its {@code suppressed_roles}
   * @return the SUBSCRIBED event that answers the call
   * @throws Refusal when the framework was removed or tries to change its role, or when a
   *     new one would exceed {@link CoreConfig#maxFrameworks()}
   */
  Event subscribe(String streamId, FrameworkInfo info, String role, boolean suppressed) {
    MasterState state = context.state;
    long now = context.nowMillis();
    FrameworkEntry framework;
    if (info.hasId() && state.isRemoved(info.getId().getValue())) {
      throw Refusal.badRequest("Framework " + info.getId().getValue() + " has been removed");
    }
    if (info.hasId() && state.framework(info.getId().getValue()) != null) {
      framework = state.framework(info.getId().getValue());
      if (!framework.role.equals(role)) {
        throw Refusal.badRequest("Framework " + framework.id + " cannot change its role from '"
            + framework.role + "' to '" + role + "'");
      }
      if (framework.connected() && !framework.streamId.equals(streamId)) {
        endStream(framework.streamId, "Framework failed over");
      }
      // The new scheduler instance starts from fresh offers.
      offers.rescindAll(framework.offers.values(), false, true);
      boolean wasConnected = framework.connected();
      // The new instance's offer filters replace the old one's, as in Mesos.
      allocator.updateFramework(framework.id, role, framework.info, info);
      framework.info = info;
      framework.streamId = streamId;
      framework.reregisteredMillis = now;
      cancelFailoverTimer(framework);
      if (!wasConnected) {
        allocator.activateFramework(framework.id);
      }
      // suppressed_roles says afresh what the new instance wants offered.
      setSuppressed(framework, suppressed);
      context.state.changed(framework);
      LOG.info("framework {} ({}) re-subscribed", framework.id, info.getName());
      observers.frameworkUpdated(framework);
    } else {
      // Only registrations count: removed frameworks are bounded apart, and a framework the
      // master knows always gets back in (above), or the cap would strand its tasks.
      int limit = context.config.maxFrameworks();
      if (state.frameworks().size() >= limit) {
        throw new Refusal(Failure.CONFLICT, "The master already has " + limit + " registered frameworks, its limit"
            + " (master.max_frameworks); tear down frameworks no longer in use, or raise the limit");
      }
      String id = info.hasId() ? info.getId().getValue() : context.nextFrameworkId();
      FrameworkInfo withId = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
      framework = state.addFramework(id, withId, role, now);
      framework.streamId = streamId;
      framework.suppressed = suppressed;
      allocator.addFramework(id, role, suppressed, withId);
      LOG.info("framework {} ({}) subscribed with role {}", id, info.getName(), role);
      observers.frameworkAdded(framework);
    }
    return Event.newBuilder()
        .setType(Event.Type.SUBSCRIBED)
        .setSubscribed(
            Event.Subscribed.newBuilder()
                .setFrameworkId(framework.info.getId())
                .setHeartbeatIntervalSeconds(context.config.heartbeatInterval().toMillis() / 1000.0)
                .setMasterInfo(context.masterInfo))
        .build();
  }

  /**
   * Adds a framework the master learns of from a re-registering agent (the master lost its
   * state): it holds its tasks, disconnected, until its scheduler re-subscribes or its
   * failover timeout ends.
   */
  void recover(FrameworkInfo info) {
    recover(FrameworkRecord.newBuilder().setInfo(info).setRole(SchedulerCalls.role(info)).build());
  }

  /** Adds a framework known from the replicated state of an earlier leader, disconnected. */
  void recover(FrameworkRecord record) {
    String id = record.getInfo().getId().getValue();
    if (context.state.framework(id) != null || context.state.isRemoved(id)) {
      return;
    }
    FrameworkEntry framework = context.state.addFramework(id, record.getInfo(), record.getRole(), record.getRegisteredMillis());
    framework.reregisteredMillis = record.getReregisteredMillis();
    framework.suppressed = record.getSuppressed();
    allocator.addFramework(id, record.getRole(), framework.suppressed, record.getInfo());
    allocator.deactivateFramework(id);
    startFailoverTimer(framework);
    observers.frameworkAdded(framework);
  }

  /** The scheduler stopped answering: its offers go back and its failover timeout starts. */
  void disconnect(FrameworkEntry framework, String why) {
    if (!framework.connected() || context.state.framework(framework.id) != framework) {
      return;
    }
    LOG.info("framework {} disconnected: {}", framework.id, why);
    framework.streamId = null;
    allocator.deactivateFramework(framework.id);
    offers.rescindAll(framework.offers.values(), false, true);
    startFailoverTimer(framework);
    observers.frameworkUpdated(framework);
  }

  /** Removes a framework: its tasks are killed, its offers withdrawn, its ID retired. */
  void remove(FrameworkEntry framework, String why) {
    if (context.state.framework(framework.id) != framework) {
      return;
    }
    LOG.info("removing framework {}: {}", framework.id, why);
    if (framework.connected()) {
      endStream(framework.streamId, "Framework removed: " + why);
    }
    cancelFailoverTimer(framework);
    // The allocator frees everything of a removed framework, so nothing is recovered here.
    offers.rescindAll(framework.offers.values(), false, false);
    tasks.frameworkRemoved(framework);
    allocator.removeFramework(framework.id);
    context.state.removeFramework(framework, context.nowMillis());
    observers.frameworkRemoved(framework);
  }

  /**
   * UPDATE_FRAMEWORK: the subscribed framework's new FrameworkInfo (name, capabilities,
   * failover timeout, offer filters, labels, ...) and suppressed roles take effect at once,
   * without a new subscription. Its role may change only while it holds nothing in the old
   * one: its offers are rescinded, and it must have no tasks (a framework with tasks in two
   * roles is a multi-role framework, which comes with the allocation-policy issue).
   *
   * @throws Refusal (400) when the update changes what Mesos does not let it change
   */
  void update(FrameworkEntry framework, Call.UpdateFramework update) {
    FrameworkInfo info = update.getFrameworkInfo();
    SchedulerCalls.checkUpdate(framework.info, info);
    String role = SchedulerCalls.role(info);
    boolean suppressed = update.getSuppressedRolesList().contains(role);
    if (!role.equals(framework.role)) {
      if (!framework.tasks.isEmpty() || !framework.unreachableTasks.isEmpty()) {
        throw Refusal.badRequest("Framework " + framework.id + " cannot move from role '" + framework.role
            + "' to '" + role + "' while it has tasks: Mezzo's frameworks take one role at a time");
      }
      offers.rescindAll(framework.offers.values(), true, true);
      allocator.removeFramework(framework.id);
      framework.role = role;
      framework.suppressed = suppressed;
      allocator.addFramework(framework.id, role, suppressed, info);
    } else {
      setSuppressed(framework, suppressed);
      allocator.updateFramework(framework.id, role, framework.info, info);
    }
    framework.info = info;
    context.state.changed(framework);
    LOG.info("framework {} ({}) updated its framework info", framework.id, info.getName());
    observers.frameworkUpdated(framework);
  }

  private void setSuppressed(FrameworkEntry framework, boolean suppressed) {
    if (suppressed && !framework.suppressed) {
      suppress(framework);
    } else if (!suppressed && framework.suppressed) {
      revive(framework);
    }
  }

  /** The scheduler stopped suppressing offers: the allocator offers it resources again. */
  void revive(FrameworkEntry framework) {
    framework.suppressed = false;
    context.state.changed(framework);
    allocator.revive(framework.id);
  }

  /** The scheduler wants no offers until it revives. */
  void suppress(FrameworkEntry framework) {
    framework.suppressed = true;
    context.state.changed(framework);
    allocator.suppress(framework.id);
  }

  /** Sends each connected scheduler a heartbeat it must answer; silence means disconnection. */
  void heartbeat() {
    List<FrameworkEntry> connected = new ArrayList<>();
    for (FrameworkEntry framework : context.state.frameworks()) {
      if (framework.connected() && !framework.heartbeatInFlight) {
        connected.add(framework);
      }
    }
    Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    for (FrameworkEntry framework : connected) {
      String stream = framework.streamId;
      framework.heartbeatInFlight = true;
      context.port
          .request(Addresses.scheduler(stream), heartbeat, context.config.heartbeatInterval())
          .whenComplete(
              (answered, error) -> {
                framework.heartbeatInFlight = false;
                if (error != null && stream.equals(framework.streamId)) {
                  disconnect(framework, "no answer to heartbeat: " + error.getMessage());
                }
              });
    }
  }

  /** Sends the last event of a stream that the master ends (failover, removal). */
  private void endStream(String streamId, String why) {
    Event error = Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(why)).build();
    context.port.send(Addresses.scheduler(streamId), error);
  }

  private void startFailoverTimer(FrameworkEntry framework) {
    cancelFailoverTimer(framework);
    double seconds = Math.min(framework.info.getFailoverTimeout(), MAX_FAILOVER_SECONDS);
    if (!(seconds > 0)) {
      remove(framework, "disconnected with no failover timeout");
      return;
    }
    long millis = Math.max(1, Math.round(seconds * 1000));
    framework.failoverTimer =
        context.port.setTimer(
            millis,
            () -> {
              framework.failoverTimer = -1;
              if (!framework.connected()) {
                remove(framework, "failover timeout of " + seconds + " s elapsed");
              }
            });
  }

  private void cancelFailoverTimer(FrameworkEntry framework) {
    if (framework.failoverTimer >= 0) {
      context.port.cancelTimer(framework.failoverTimer);
      framework.failoverTimer = -1;
    }
  }

  /** Cancels every timer, when the master stops. */
  void stop() {
    context.state.frameworks().forEach(this::cancelFailoverTimer);
  }
}
