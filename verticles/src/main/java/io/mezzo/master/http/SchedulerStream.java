package io.mezzo.master.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.RecordIo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SUBSCRIBE connection of the scheduler HTTP API: an event-bus scheduler client whose
 * events become RecordIO records of a streaming HTTP response. It answers the master's
 * heartbeats itself, but only while the HTTP connection is open: once the connection closes
 * it stops listening, so the master's next heartbeat finds nobody and disconnects the
 * framework, as Mesos disconnects one whose subscription connection breaks.
 *
 * <p>Everything runs on the HTTP server's event loop. A scheduler that reads too slowly is
 * cut off rather than buffered for: once the connection's write queue is full, the stream
 * ends and the scheduler must subscribe again.
 */
final class SchedulerStream {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerStream.class);

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
  private final long requestTimeoutMillis;
  private final Consumer<SchedulerStream> onEnd;
  private final String streamId = UUID.randomUUID().toString();
  private final List<Message<Event>> early = new ArrayList<>();
  private MessageConsumer<Event> consumer;
  private boolean streaming;
  private boolean ended;
  private long highestEpoch = -1;

  SchedulerStream(
      Vertx vertx, RoutingContext context, ProtoMediaType media, long requestTimeoutMillis, Consumer<SchedulerStream> onEnd) {
    this.vertx = vertx;
    this.context = context;
    this.response = context.response();
    this.media = media;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.onEnd = onEnd;
  }

  String streamId() {
    return streamId;
  }

  /** Listens on the stream's address, then subscribes through it. */
  void open(Call subscribe) {
    response.closeHandler(v -> end("the connection closed"));
    response.exceptionHandler(error -> end("the connection failed: " + error.getMessage()));
    consumer = vertx.eventBus().consumer(Addresses.scheduler(streamId), this::onEvent);
    DeliveryOptions delivery =
        new DeliveryOptions().setSendTimeout(requestTimeoutMillis).addHeader(Headers.STREAM_ID, streamId);
    // In a cluster the registration must reach the master's node before the master sends.
    consumer.completion()
        .compose(v -> vertx.eventBus().<Event>request(Addresses.MASTER, subscribe, delivery))
        .onComplete(this::onSubscribed);
  }

  private void onSubscribed(AsyncResult<Message<Event>> result) {
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
    List<Message<Event>> held = new ArrayList<>(early);
    early.clear();
    for (Message<Event> message : held) {
      if (ended) {
        return;
      }
      deliver(message);
    }
  }

  private void onEvent(Message<Event> message) {
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

  private void deliver(Message<Event> message) {
    if (!acceptEpoch(message)) {
      return;
    }
    Event event;
    try {
      // Bodies from other nodes decode lazily; a malformed one must not escape.
      event = message.body();
    } catch (RuntimeException e) {
      LOG.warn("stream {}: dropped an undecodable event: {}", streamId, e.toString());
      return;
    }
    if (response.writeQueueFull()) {
      // Left unanswered, the master's heartbeat fails and it disconnects the framework.
      abort("the scheduler does not read its events fast enough");
      return;
    }
    write(event);
    if (message.replyAddress() != null) {
      // Heartbeats ask for a reply: answered only while the scheduler's connection lives.
      message.reply(null);
    }
    if (event.getType() == Event.Type.ERROR) {
      // The master ended the subscription (failover to another stream, removal).
      ended = true;
      stopListening();
      response.end();
      onEnd.accept(this);
    }
  }

  private void write(Event event) {
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

  /** Ends the stream by closing its connection; the scheduler will subscribe again. */
  void abort(String why) {
    if (ended) {
      return;
    }
    LOG.info("ending scheduler stream {}: {}", streamId, why);
    end(why);
    if (!response.closed()) {
      response.reset();
    }
  }

  private void end(String why) {
    if (ended) {
      return;
    }
    LOG.debug("scheduler stream {} ended: {}", streamId, why);
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
