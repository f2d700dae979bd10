package io.mezzo.master;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Everything the master sends, stamped with its epoch so that receivers can drop messages
 * from a deposed leader.
 */
final class Outbox {
  private final EventBus bus;
  private final String epoch;
  private final BooleanSupplier leading;

  /**
   * @param leading whether the term is still on: once it ends nothing more is sent, even in
   *     the moments before the leader's verticles are undeployed
   */
  Outbox(EventBus bus, long epoch, BooleanSupplier leading) {
    this.bus = bus;
    this.epoch = Long.toString(epoch);
    this.leading = leading;
  }

  boolean leading() {
    return leading.getAsBoolean();
  }

  /** Sends an event to the framework's current stream; dropped when it is disconnected. */
  void toFramework(FrameworkEntry framework, Event event) {
    if (framework.connected() && leading()) {
      bus.send(Addresses.scheduler(framework.streamId), event, stamped());
    }
  }

  /** Sends an event that the scheduler must answer: how the master learns it is alive. */
  Future<Void> heartbeat(String streamId, Duration timeout) {
    if (!leading()) {
      return Future.failedFuture(Failure.UNAVAILABLE.exception("no longer the leader"));
    }
    Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    return bus.request(Addresses.scheduler(streamId), heartbeat, stamped().setSendTimeout(timeout.toMillis()))
        .mapEmpty();
  }

  /** Sends the last event of a stream that the master ends (failover, removal). */
  void endStream(String streamId, String why) {
    if (!leading()) {
      return;
    }
    Event error = Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(why)).build();
    bus.send(Addresses.scheduler(streamId), error, stamped());
  }

  void toAgent(String agentId, AgentEvent event) {
    if (!leading()) {
      return;
    }
    bus.send(Addresses.agent(agentId), event, stamped());
  }

  Future<Void> pingAgent(String agentId, Duration timeout) {
    if (!leading()) {
      return Future.failedFuture(Failure.UNAVAILABLE.exception("no longer the leader"));
    }
    AgentEvent ping = AgentEvent.newBuilder().setType(AgentEvent.Type.PING_AGENT).build();
    return bus.request(Addresses.agent(agentId), ping, stamped().setSendTimeout(timeout.toMillis())).mapEmpty();
  }

  void toAllocator(AllocatorCall call) {
    if (!leading()) {
      return;
    }
    bus.send(Addresses.ALLOCATOR, call);
  }

  void publish(String address, io.mezzo.v1.master.Event event) {
    if (!leading()) {
      return;
    }
    bus.publish(address, event, stamped());
  }

  void reply(Message<?> message, Object body) {
    if (!leading()) {
      message.fail(Failure.UNAVAILABLE.code(), "This master is no longer the leader");
      return;
    }
    message.reply(body, stamped());
  }

  void fail(Message<?> message, Failure failure, String why) {
    message.fail(failure.code(), why);
  }

  private DeliveryOptions stamped() {
    return new DeliveryOptions().addHeader(Headers.EPOCH, epoch);
  }
}
