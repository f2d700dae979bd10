package io.mezzo.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SUBSCRIBE connection of a Mesos v1 streaming HTTP API (the scheduler and operator APIs
 * on the master, the executor API on an agent): a consumer on the stream's own event-bus
 * address, whose events a {@link StreamSink} writes out (RecordIO records of a streaming HTTP
 * response, or the messages of a gRPC server stream). It answers the master's heartbeats itself, but only while the HTTP connection is
 * open: once the connection closes it stops listening, so the master's next heartbeat finds
 * nobody and ends the subscription (for a scheduler, the framework is disconnected, as Mesos
 * disconnects one whose subscription connection breaks).
 *
 * <p>Everything runs on the HTTP server's event loop. A client that reads too slowly is cut
 * off rather than buffered for: once the connection's write queue is full, the stream ends
 * and the client must subscribe again. So is one whose SUBSCRIBED takes so long that more
 * than {@link #MAX_EARLY_EVENTS} events wait for it. A stream the master stops heartbeating
 * ends cleanly ({@link #MAX_SILENT_INTERVALS}): its master's term is over, and no later
 * master knows of it.
 *
 * <p>The subscriber (the leading master, or a custom executor's supervisor) answers the
 * SUBSCRIBE with the first event and sends the rest to the stream's address.
 *
 * @param <E> the API's event message (scheduler, operator or executor {@code Event})
 */
public final class SubscriptionStream<E extends com.google.protobuf.Message> {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStream.class);

  /** Events held while the SUBSCRIBE reply is on its way; more means something is wrong. */
  static final int MAX_EARLY_EVENTS = 1000;

  /**
   * What tells the APIs' streams apart.
   *
   * @param name the API, for logs
   * @param address the event-bus address of a stream, by its ID
   * @param last whether an event is the last of its stream (the master ended it)
   * @param showsStreamId whether the response carries the stream's ID in {@code Mesos-Stream-Id}
   * @param heartbeatSeconds the heartbeat interval a SUBSCRIBED event announces
   */
  public record Kind<E>(String name, Function<String, String> address, Predicate<E> last, boolean showsStreamId,
      ToDoubleFunction<E> heartbeatSeconds) {}

  /** Scheduler streams: the master ends one with an ERROR event; the ID goes to the client. */
  public static final Kind<io.mezzo.v1.scheduler.Event> SCHEDULER = new Kind<>("scheduler", Addresses::scheduler,
      event -> event.getType() == io.mezzo.v1.scheduler.Event.Type.ERROR, true,
      event -> event.getSubscribed().getHeartbeatIntervalSeconds());

  /** Operator streams: they end only when the client or the master goes. */
  public static final Kind<io.mezzo.v1.master.Event> OPERATOR = new Kind<>("operator", Addresses::operator, event -> false, false,
      event -> event.getSubscribed().getHeartbeatIntervalSeconds());

  /**
   * Executor streams: the supervisor ends one with an ERROR event (a newer subscription took
   * over); Mesos's executor API sends no stream ID. The supervisor runs on the same agent
   * as the stream, so there is no remote term to outlive: no silence watch.
   */
  public static final Kind<io.mezzo.v1.executor.Event> EXECUTOR = new Kind<>("executor", Addresses::executorStream,
      event -> event.getType() == io.mezzo.v1.executor.Event.Type.ERROR, false, event -> 0);

  /**
   * Heartbeat intervals a stream may go without hearing from the master before it ends: the
   * master that subscribed it is gone (its term ended, even if this node leads again), and
   * its successor knows nothing of the stream.
   */
  static final int MAX_SILENT_INTERVALS = 3;
  /** The shortest silence that ends a stream, however short the heartbeat: a loaded master may pause. */
  static final long MIN_SILENCE_MILLIS = 5000;

  private final Vertx vertx;
  private final Kind<E> kind;
  private final StreamSink<E> sink;
  private final long requestTimeoutMillis;
  private final Consumer<SubscriptionStream<?>> onEnd;
  private final String streamId = UUID.randomUUID().toString();
  private final List<Message<E>> early = new ArrayList<>();
  private MessageConsumer<E> consumer;
  private boolean streaming;
  private boolean ended;
  private long highestEpoch = -1;
  private long silenceTimer = -1;
  private long lastHeardNanos;

  public SubscriptionStream(Vertx vertx, Kind<E> kind, RoutingContext context, ProtoMediaType media, long requestTimeoutMillis,
      Consumer<SubscriptionStream<?>> onEnd) {
    this(vertx, kind, new HttpStreamSink<>(context, media), requestTimeoutMillis, onEnd);
  }

  /** A stream written to {@code sink} (the gRPC services' server streams). */
  public SubscriptionStream(Vertx vertx, Kind<E> kind, StreamSink<E> sink, long requestTimeoutMillis,
      Consumer<SubscriptionStream<?>> onEnd) {
    this.vertx = vertx;
    this.kind = kind;
    this.sink = sink;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.onEnd = onEnd;
  }

  public String streamId() {
    return streamId;
  }

  /** Listens on the stream's address, then subscribes to the leading master with {@code subscribe}. */
  public void open(Object subscribe) {
    open(Addresses.MASTER, subscribe);
  }

  /** Listens on the stream's address, then subscribes to {@code subscriber} with {@code subscribe}. */
  public void open(String subscriber, Object subscribe) {
    sink.onGone(this::end);
    consumer = vertx.eventBus().consumer(kind.address().apply(streamId), this::onEvent);
    DeliveryOptions delivery =
        new DeliveryOptions().setSendTimeout(requestTimeoutMillis).addHeader(Headers.STREAM_ID, streamId);
    // In a cluster the registration must reach the subscriber's node before it sends.
    consumer.completion()
        .compose(v -> vertx.eventBus().<E>request(subscriber, subscribe, delivery))
        .onComplete(this::onSubscribed);
  }

  private void onSubscribed(AsyncResult<Message<E>> result) {
    if (ended) {
      return;
    }
    if (result.failed()) {
      stopListening();
      ended = true;
      onEnd.accept(this);
      sink.refuse(result.cause());
      return;
    }
    acceptEpoch(result.result());
    sink.start(streamId, kind.showsStreamId());
    streaming = true;
    watchForSilence(kind.heartbeatSeconds().applyAsDouble(result.result().body()));
    write(result.result().body());
    List<Message<E>> held = new ArrayList<>(early);
    early.clear();
    for (Message<E> message : held) {
      if (ended) {
        return;
      }
      deliver(message);
    }
  }

  private void onEvent(Message<E> message) {
    if (ended) {
      return;
    }
    lastHeardNanos = System.nanoTime();
    if (!streaming) {
      if (early.size() >= MAX_EARLY_EVENTS) {
        abort("too many events before SUBSCRIBED");
        return;
      }
      early.add(message);
      return;
    }
    deliver(message);
  }

  private void deliver(Message<E> message) {
    if (!acceptEpoch(message)) {
      return;
    }
    E event;
    try {
      // Bodies from other nodes decode lazily; a malformed one must not escape.
      event = message.body();
    } catch (RuntimeException e) {
      LOG.warn("{} stream {}: dropped an undecodable event: {}", kind.name(), streamId, e.toString());
      return;
    }
    if (sink.full()) {
      // Left unanswered, the master's heartbeat fails and it ends the subscription.
      abort("the client does not read its events fast enough");
      return;
    }
    write(event);
    if (message.replyAddress() != null) {
      // Heartbeats ask for a reply: answered only while the client's connection lives.
      message.reply(null);
    }
    if (kind.last().test(event)) {
      // The master ended the subscription (failover to another stream, removal).
      close("the master ended the subscription");
    }
  }

  /**
   * Ends the stream once the master has been silent for {@link #MAX_SILENT_INTERVALS}
   * heartbeats (at least {@link #MIN_SILENCE_MILLIS}).
   */
  private void watchForSilence(double heartbeatSeconds) {
    if (!(heartbeatSeconds > 0)) {
      return;
    }
    long interval = Math.max(1, Math.round(heartbeatSeconds * 1000));
    long silenceNanos = Math.max(MIN_SILENCE_MILLIS, MAX_SILENT_INTERVALS * interval) * 1_000_000L;
    lastHeardNanos = System.nanoTime();
    silenceTimer = vertx.setPeriodic(interval, id -> {
      if (System.nanoTime() - lastHeardNanos > silenceNanos) {
        close("the master sent no heartbeat for " + silenceNanos / 1_000_000 + " ms");
      }
    });
  }

  private void write(E event) {
    sink.write(event);
  }

  /** Events from a deposed leader (a lower epoch than one already seen) are dropped. */
  private boolean acceptEpoch(Message<?> message) {
    String header = message.headers().get(Headers.EPOCH);
    if (header == null) {
      return true;
    }
    try {
      long epoch = Long.parseLong(header);
      if (epoch < highestEpoch) {
        return false;
      }
      highestEpoch = epoch;
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Ends the stream cleanly: the response ends after the last complete record, which tells
   * the client that nothing was cut short. Before SUBSCRIBED, the connection is reset.
   */
  public void close(String why) {
    if (ended) {
      return;
    }
    if (!streaming) {
      abort(why);
      return;
    }
    LOG.info("ending {} stream {}: {}", kind.name(), streamId, why);
    end(why);
    sink.end();
  }

  /** Ends the stream by resetting its connection; the client will subscribe again. */
  public void abort(String why) {
    if (ended) {
      return;
    }
    LOG.info("cutting off {} stream {}: {}", kind.name(), streamId, why);
    end(why);
    sink.reset();
  }

  private void end(String why) {
    if (ended) {
      return;
    }
    LOG.debug("{} stream {} ended: {}", kind.name(), streamId, why);
    ended = true;
    early.clear();
    stopListening();
    onEnd.accept(this);
  }

  private void stopWatching() {
    if (silenceTimer >= 0) {
      vertx.cancelTimer(silenceTimer);
      silenceTimer = -1;
    }
  }

  private void stopListening() {
    stopWatching();
    if (consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }
}
