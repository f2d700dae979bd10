package io.mezzo.http;

import io.mezzo.bus.Headers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SUBSCRIBE connection of a Mesos v1 streaming HTTP API (the scheduler API on a master,
 * the executor API on an agent): an event-bus client whose events become RecordIO records of
 * a streaming HTTP response. The stream listens on an address of its own, named by a fresh
 * stream ID, and subscribes through it: the subscriber's reply is the first event, and
 * whatever the subscriber later sends there follows. It answers heartbeats (events sent as
 * requests) itself, but only while the HTTP connection is open: once the connection closes
 * it stops listening, so the next heartbeat finds nobody and the subscriber learns that the
 * client is gone, as Mesos disconnects a client whose subscription connection breaks.
 *
 * <p>Everything runs on the HTTP server's event loop. A client that reads too slowly is cut
 * off rather than buffered for: once the connection's write queue is full, the stream ends
 * and the client must subscribe again.
 *
 * @param <E> the API's event message
 */
public final class EventStream<E extends com.google.protobuf.Message> {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  /**
   * Bytes the connection may hold unsent before the stream counts as stalled: room for a
   * few large OFFERS events, far below what would strain the master.
   */
  static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

  /** Events held while the SUBSCRIBE reply is on its way; more means something is wrong. */
  static final int MAX_EARLY_EVENTS = 1000;

  private final Vertx vertx;
  private final RoutingContext context;
  private final HttpServerResponse response;
  private final ProtoMediaType media;
  private final String api;
  private final Function<String, String> addressOf;
  private final Predicate<E> last;
  private final Consumer<EventStream<E>> onEnd;
  private final String streamId = UUID.randomUUID().toString();
  private final List<Message<E>> early = new ArrayList<>();
  private MessageConsumer<E> consumer;
  private boolean streaming;
  private boolean ended;
  private long highestEpoch = -1;

  /**
   * @param api the API's name, for the log ("scheduler", "executor")
   * @param addressOf the event-bus address of a stream, from its stream ID
   * @param last whether an event is the stream's last (the subscriber ended the subscription)
   * @param onEnd hears once that the stream ended, whatever the reason
   */
  public EventStream(Vertx vertx, RoutingContext context, ProtoMediaType media, String api,
      Function<String, String> addressOf, Predicate<E> last, Consumer<EventStream<E>> onEnd) {
    this.vertx = vertx;
    this.context = context;
    this.response = context.response();
    this.media = media;
    this.api = api;
    this.addressOf = addressOf;
    this.last = last;
    this.onEnd = onEnd;
  }

  /** The stream's ID, sent to the subscriber in the {@link Headers#STREAM_ID} header. */
  public String streamId() {
    return streamId;
  }

  /**
   * Listens on the stream's address, then sends {@code subscribe} to {@code subscriber} (with
   * the stream ID header); its reply, within {@code timeoutMillis}, is the first event. A
   * failed request fails the HTTP request, which answers with the failure's status.
   */
  public void open(String subscriber, Object subscribe, long timeoutMillis) {
    response.closeHandler(v -> end("the connection closed"));
    response.exceptionHandler(error -> end("the connection failed: " + error.getMessage()));
    consumer = vertx.eventBus().consumer(addressOf.apply(streamId), this::onEvent);
    DeliveryOptions delivery =
        new DeliveryOptions().setSendTimeout(timeoutMillis).addHeader(Headers.STREAM_ID, streamId);
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
      // The router's failure handler turns the master's refusal into a JSON 4xx/5xx.
      context.fail(result.cause());
      return;
    }
    acceptEpoch(result.result());
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, media.mime())
        .putHeader(Headers.STREAM_ID, streamId)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Compression could hold records back in the compressor; each must leave at once.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    streaming = true;
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
      LOG.warn("{} stream {}: dropped an undecodable event: {}", api, streamId, e.toString());
      return;
    }
    if (response.writeQueueFull()) {
      // Left unanswered, the next heartbeat fails and the subscriber disconnects the client.
      abort("the " + api + " does not read its events fast enough");
      return;
    }
    write(event);
    if (message.replyAddress() != null) {
      // Heartbeats ask for a reply: answered only while the client's connection lives.
      message.reply(null);
    }
    if (last.test(event)) {
      // The subscriber ended the subscription (failover to another stream, removal).
      ended = true;
      stopListening();
      response.end();
      onEnd.accept(this);
    }
  }

  private void write(E event) {
    response.write(RecordIo.frame(media.encode(event)));
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

  /** Ends the stream by closing its connection; the client will subscribe again. */
  public void abort(String why) {
    if (ended) {
      return;
    }
    LOG.info("ending {} stream {}: {}", api, streamId, why);
    end(why);
    if (!response.closed()) {
      response.reset();
    }
  }

  private void end(String why) {
    if (ended) {
      return;
    }
    LOG.debug("{} stream {} ended: {}", api, streamId, why);
    ended = true;
    early.clear();
    stopListening();
    onEnd.accept(this);
  }

  private void stopListening() {
    if (consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }
}
