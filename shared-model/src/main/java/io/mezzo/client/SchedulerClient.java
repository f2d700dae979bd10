package io.mezzo.client;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.bus.Codecs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java scheduler client a framework embeds: it subscribes to the leading master over
 * the event bus, delivers the master's events to one handler, and sends the framework's
 * calls.
 *
 * <p>All of the client's work happens on one Vert.x context, so events reach the handler in
 * the order the master sent them, the SUBSCRIBED event first. Events from a master with a
 * lower epoch than the highest seen are dropped: a deposed leader cannot reach the
 * framework.
 *
 * <p>The client follows the leader across failovers on its own: when the master's
 * heartbeats stop for two intervals, it re-subscribes with the framework's ID (retrying with
 * backoff until a leader answers), and the handler sees a new SUBSCRIBED event. Pending
 * status updates then arrive again from the agents, and the framework should reconcile.
 */
public final class SchedulerClient extends SchedulerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerClient.class);

  private final Vertx vertx;
  private final SchedulerClientOptions options;
  private final Context context;

  private Handler<Event> handler;
  private MessageConsumer<Event> consumer;
  private String streamId;
  private FrameworkID frameworkId;
  private FrameworkInfo frameworkInfo;
  private long highestEpoch = -1;
  private final HeartbeatWatch heartbeats;
  private boolean closed;

  private SchedulerClient(Vertx vertx, SchedulerClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.context = vertx.getOrCreateContext();
    this.heartbeats = new HeartbeatWatch(vertx, this::resubscribe, silentMillis -> LOG.warn(
        "no word from the master for {} ms; re-subscribing framework {}", silentMillis, frameworkId.getValue()));
    Codecs.register(vertx);
  }

  /** A client that is not yet subscribed. */
  public static SchedulerClient create(Vertx vertx, SchedulerClientOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    return new SchedulerClient(vertx, options);
  }

  /** A client with default options. */
  public static SchedulerClient create(Vertx vertx) {
    return create(vertx, new SchedulerClientOptions());
  }

  /**
   * Subscribes as the framework {@code info} describes: a new framework when {@code info}
   * has no ID, a re-subscription (failover) of an existing one when it has. Every event,
   * starting with SUBSCRIBED, goes to {@code handler}. A client already subscribed ends its
   * current stream first.
   *
   * @return the framework's ID, once the master has accepted the subscription
   */
  public Future<FrameworkID> subscribe(FrameworkInfo info, Handler<Event> handler) {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(handler, "handler");
    Promise<FrameworkID> promise = Promise.promise();
    context.runOnContext(
        v -> closeStream()
            .compose(closed -> openStream(handler))
            .compose(stream -> sendSubscribe(info, stream))
            .onComplete(promise));
    return promise.future();
  }

  private Future<String> openStream(Handler<Event> handler) {
    String stream = UUID.randomUUID().toString();
    this.handler = handler;
    this.streamId = stream;
    this.consumer = vertx.eventBus().consumer(Addresses.scheduler(stream), this::onMessage);
    // In a cluster the registration must reach the other nodes before the master can send.
    return consumer.completion().map(stream);
  }

  private Future<FrameworkID> sendSubscribe(FrameworkInfo info, String stream) {
    Call.Builder call =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    if (info.hasId()) {
      call.setFrameworkId(info.getId());
    }
    return vertx.eventBus()
        .<Event>request(Addresses.MASTER, call.build(), delivery(stream))
        .map(
            reply -> {
              Event subscribed = reply.body();
              acceptEpoch(reply);
              frameworkId = subscribed.getSubscribed().getFrameworkId();
              frameworkInfo = info.toBuilder().setId(frameworkId).build();
              closed = false;
              watchHeartbeats(subscribed.getSubscribed().getHeartbeatIntervalSeconds());
              deliver(subscribed);
              return frameworkId;
            })
        .recover(error -> closeStream().transform(closed -> Future.failedFuture(error)));
  }

  /** Re-subscribes when the leader's heartbeats stop: it died, or a partition hides it. */
  private void watchHeartbeats(double intervalSeconds) {
    heartbeats.watch(Math.max(100, Math.round(intervalSeconds * 1000)));
  }

  private Future<?> resubscribe() {
    Handler<Event> current = handler;
    return closeStream()
        .compose(v -> openStream(current))
        .compose(stream -> sendSubscribe(frameworkInfo, stream))
        .onSuccess(id -> {
          if (!closed) {
            LOG.info("re-subscribed framework {} with the leader of epoch {}", frameworkId.getValue(), highestEpoch);
          }
        });
  }

  private void onMessage(Message<Event> message) {
    heartbeats.heard();
    if (message.replyAddress() != null) {
      // Heartbeats ask for a reply: it is how the master knows this scheduler is alive.
      message.reply(null);
    }
    if (!acceptEpoch(message)) {
      LOG.debug("dropped {} from a deposed master", message.body().getType());
      return;
    }
    Event event = message.body();
    deliver(event);
    if (event.getType() == Event.Type.ERROR) {
      // The master ended this stream (the framework was removed or another instance took
      // over): following the leader would fight that decision.
      closed = true;
      heartbeats.stop();
      closeStream();
    }
  }

  private boolean acceptEpoch(Message<?> message) {
    String header = message.headers().get(Headers.EPOCH);
    if (header == null) {
      return true;
    }
    long epoch;
    try {
      epoch = Long.parseLong(header);
    } catch (NumberFormatException e) {
      return false;
    }
    if (epoch < highestEpoch) {
      return false;
    }
    highestEpoch = epoch;
    return true;
  }

  private void deliver(Event event) {
    Handler<Event> current = handler;
    if (current == null) {
      return;
    }
    try {
      current.handle(event);
    } catch (RuntimeException e) {
      LOG.error("scheduler event handler failed on {}", event.getType(), e);
    }
  }

  /** The framework's ID, or null before the first successful subscription. */
  public FrameworkID frameworkId() {
    return frameworkId;
  }

  /** The current subscription stream's ID, or null when not subscribed. */
  public String streamId() {
    return streamId;
  }

  /** The highest master epoch this client has seen, or -1. */
  public long highestEpoch() {
    return highestEpoch;
  }

  /**
   * Stops listening without removing the framework: the master keeps its tasks for its
   * failover timeout, and another client may re-subscribe with its ID.
   */
  @Override
  public Future<Void> close() {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      heartbeats.stop();
      closeStream().onComplete(promise);
    });
    return promise.future();
  }

  private Future<Void> closeStream() {
    MessageConsumer<Event> current = consumer;
    consumer = null;
    streamId = null;
    return current == null ? Future.succeededFuture() : current.unregister();
  }

  @Override
  protected Future<Void> call(Call.Builder call) {
    String stream = streamId;
    if (frameworkId == null || stream == null) {
      // What the master would answer: a call of no subscription is a bad request (400), as in Mesos.
      return Future.failedFuture(Failure.BAD_REQUEST.exception("not subscribed"));
    }
    call.setFrameworkId(frameworkId);
    return vertx.eventBus()
        .request(Addresses.MASTER, call.build(), delivery(stream))
        .mapEmpty();
  }

  private DeliveryOptions delivery(String stream) {
    return new DeliveryOptions()
        .setSendTimeout(options.getRequestTimeout().toMillis())
        .addHeader(Headers.STREAM_ID, stream);
  }
}
