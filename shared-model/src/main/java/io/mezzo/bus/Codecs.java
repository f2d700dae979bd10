package io.mezzo.bus;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.internal.ExecutorTermination;
import io.mezzo.v1.internal.Allocations;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Registers the codec of every protobuf message that travels on the event bus. Every node
 * registers the same set, so a message sent by one node decodes on any other.
 */
public final class Codecs {
  private static final Set<Vertx> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private Codecs() {}

  /** Registers the codecs on {@code vertx}'s event bus; calling it again is harmless. */
  public static void register(Vertx vertx) {
    if (!REGISTERED.add(vertx)) {
      return;
    }
    EventBus bus = vertx.eventBus();
    register(bus, Call.class, Call.parser());
    register(bus, Event.class, Event.parser());
    register(bus, io.mezzo.v1.master.Call.class, io.mezzo.v1.master.Call.parser());
    register(bus, Response.class, Response.parser());
    register(bus, io.mezzo.v1.master.Event.class, io.mezzo.v1.master.Event.parser());
    register(bus, AgentCall.class, AgentCall.parser());
    register(bus, AgentEvent.class, AgentEvent.parser());
    register(bus, AllocatorCall.class, AllocatorCall.parser());
    register(bus, Allocations.class, Allocations.parser());
    register(bus, StatusUpdate.class, StatusUpdate.parser());
    register(bus, io.mezzo.v1.executor.Call.class, io.mezzo.v1.executor.Call.parser());
    register(bus, io.mezzo.v1.executor.Event.class, io.mezzo.v1.executor.Event.parser());
    register(bus, ExecutorTermination.class, ExecutorTermination.parser());
  }

  private static <T extends Message> void register(EventBus bus, Class<T> type, Parser<T> parser) {
    bus.registerDefaultCodec(type, new ProtoCodec<>(type.getName(), parser));
  }
}
