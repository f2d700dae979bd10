package io.mezzo.client;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java executor client a JVM executor embeds, the event-bus twin of the Mesos v1
 * executor HTTP API (as {@link SchedulerClient} is of the scheduler API's): it subscribes to
 * the custom-executor supervisor that started its process, delivers the agent's events
 * (SUBSCRIBED, LAUNCH, LAUNCH_GROUP, KILL, ACKNOWLEDGED, MESSAGE, SHUTDOWN) to one handler,
 * and sends the executor's updates and messages.
 *
 * <p>It keeps what Mesos's executor library keeps: the tasks it was given and the updates
 * it sent that are not yet ACKNOWLEDGED. When the supervisor's heartbeats stop (the agent
 * restarted), it subscribes again with them, retrying with backoff, so the agent learns
 * what it missed and no update is lost or delivered twice. All its work happens on one
 * Vert.x context, so events reach the handler in order, SUBSCRIBED first.
 *
 * <p>The process finds its supervisor in its environment ({@link #fromEnvironment}): the
 * supervisor sets {@value #ADDRESS_VARIABLE} next to Mesos's {@code MESOS_FRAMEWORK_ID} and
 * {@code MESOS_EXECUTOR_ID}; its Vert.x must be clustered with the agent's.
 */
public final class ExecutorClient {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorClient.class);

  /** The environment variable naming the supervisor's event-bus address. */
  public static final String ADDRESS_VARIABLE = "MEZZO_EXECUTOR_ADDRESS";
  /** How often the supervisor heartbeats; silence for twice as long means it is gone. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Context context;
  private final String supervisor;
  private final FrameworkID frameworkId;
  private final ExecutorID executorId;
  private final Duration requestTimeout;
  private final Duration heartbeatInterval;
  private final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
  private final Map<ByteString, TaskStatus> unacknowledgedUpdates = new LinkedHashMap<>();
  private Handler<Event> handler;
  private MessageConsumer<Event> consumer;
  private String streamId;
  private final HeartbeatWatch heartbeats;
  private boolean closed;

  private ExecutorClient(Vertx vertx, String supervisor, FrameworkID frameworkId, ExecutorID executorId,
      Duration requestTimeout, Duration heartbeatInterval) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.supervisor = supervisor;
    this.frameworkId = frameworkId;
    this.executorId = executorId;
    this.requestTimeout = requestTimeout;
    this.heartbeatInterval = heartbeatInterval;
    this.heartbeats = new HeartbeatWatch(vertx, this::openAndSubscribe, silentMillis -> LOG.warn(
        "no word from the agent for {} ms; subscribing executor {} again", silentMillis, executorId.getValue()));
    Codecs.register(vertx);
  }

  /**
   * A client of the executor {@code executorId} of {@code frameworkId} whose supervisor
   * listens on {@code supervisor}.
   */
  public static ExecutorClient create(Vertx vertx, String supervisor, FrameworkID frameworkId, ExecutorID executorId,
      Duration requestTimeout, Duration heartbeatInterval) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(supervisor, "supervisor");
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(executorId, "executorId");
    if (requestTimeout.isNegative() || requestTimeout.isZero() || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("requestTimeout and heartbeatInterval must be positive");
    }
    return new ExecutorClient(vertx, supervisor, frameworkId, executorId, requestTimeout, heartbeatInterval);
  }

  /**
   * A client for the executor process this JVM is, from the environment its supervisor gave
   * it ({@code System.getenv()}).
   *
   * @throws IllegalArgumentException when a variable is missing
   */
  public static ExecutorClient fromEnvironment(Vertx vertx, Map<String, String> environment) {
    return create(vertx, require(environment, ADDRESS_VARIABLE),
        FrameworkID.newBuilder().setValue(require(environment, "MESOS_FRAMEWORK_ID")).build(),
        ExecutorID.newBuilder().setValue(require(environment, "MESOS_EXECUTOR_ID")).build(),
        SchedulerClientOptions.DEFAULT_REQUEST_TIMEOUT, DEFAULT_HEARTBEAT_INTERVAL);
  }

  private static String require(Map<String, String> environment, String name) {
    String value = environment.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("The executor's environment has no " + name);
    }
    return value;
  }

  /**
   * Subscribes; every event, SUBSCRIBED first, goes to {@code handler}.
   *
   * @return the SUBSCRIBED event's body, once the agent has taken the subscription
   */
  public Future<Event.Subscribed> subscribe(Handler<Event> handler) {
    Objects.requireNonNull(handler, "handler");
    Promise<Event.Subscribed> promise = Promise.promise();
    context.runOnContext(v -> {
      this.handler = handler;
      closed = false;
      openAndSubscribe().onComplete(promise);
    });
    return promise.future();
  }

  private Future<Event.Subscribed> openAndSubscribe() {
    return closeStream().compose(v -> {
      String stream = UUID.randomUUID().toString();
      streamId = stream;
      consumer = vertx.eventBus().consumer(Addresses.executorStream(stream), this::onMessage);
      return consumer.completion().map(stream);
    }).compose(stream -> {
      Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder().addAllUnacknowledgedTasks(unacknowledgedTasks.values());
      unacknowledgedUpdates.values().forEach(status -> subscribe.addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(status)));
      return vertx.eventBus().<Event>request(supervisor, call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build(),
          delivery().addHeader(Headers.STREAM_ID, stream));
    }).map(reply -> {
      Event event = reply.body();
      heartbeats.watch(heartbeatInterval.toMillis());
      deliver(event);
      return event.getSubscribed();
    }).recover(error -> closeStream().transform(v -> Future.failedFuture(error)));
  }

  private void onMessage(Message<Event> message) {
    heartbeats.heard();
    if (message.replyAddress() != null) {
      message.reply(null);
    }
    Event event;
    try {
      event = message.body();
    } catch (RuntimeException e) {
      LOG.warn("dropped an undecodable executor event: {}", e.toString());
      return;
    }
    switch (event.getType()) {
      case LAUNCH -> unacknowledgedTasks.put(event.getLaunch().getTask().getTaskId().getValue(), event.getLaunch().getTask());
      case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList()
          .forEach(task -> unacknowledgedTasks.put(task.getTaskId().getValue(), task));
      case ACKNOWLEDGED -> {
        unacknowledgedUpdates.remove(event.getAcknowledged().getUuid());
        unacknowledgedTasks.remove(event.getAcknowledged().getTaskId().getValue());
      }
      case ERROR -> {
        // The supervisor ended this stream (a newer subscription took over, or the executor
        // ended): subscribing again would fight that.
        closed = true;
        heartbeats.stop();
        closeStream();
      }
      default -> {
      }
    }
    if (event.getType() != Event.Type.HEARTBEAT) {
      deliver(event);
    }
  }

  private void deliver(Event event) {
    Handler<Event> current = handler;
    if (current == null) {
      return;
    }
    try {
      current.handle(event);
    } catch (RuntimeException e) {
      LOG.error("executor event handler failed on {}", event.getType(), e);
    }
  }

  /**
   * Sends a task's status, stamped with a fresh uuid, this executor's ID and
   * SOURCE_EXECUTOR; it stays unacknowledged (and goes again with a re-subscription) until
   * ACKNOWLEDGED.
   *
   * @return the stamped status, once the agent has taken it
   */
  public Future<TaskStatus> update(TaskStatus status) {
    Objects.requireNonNull(status, "status");
    Promise<TaskStatus> promise = Promise.promise();
    context.runOnContext(v -> {
      TaskStatus stamped = status.toBuilder()
          .setExecutorId(executorId)
          .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
          .setUuid(randomUuid())
          .setTimestamp(System.currentTimeMillis() / 1000.0)
          .build();
      unacknowledgedUpdates.put(stamped.getUuid(), stamped);
      send(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(stamped)).build())
          .map(stamped)
          .onComplete(promise);
    });
    return promise.future();
  }

  /** Sends a framework message to the executor's scheduler. */
  public Future<Void> message(ByteString data) {
    Objects.requireNonNull(data, "data");
    return send(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(data)).build());
  }

  /** The updates sent and not yet ACKNOWLEDGED, oldest first; call it on any thread after the fact. */
  public Future<List<TaskStatus>> unacknowledgedUpdates() {
    Promise<List<TaskStatus>> promise = Promise.promise();
    context.runOnContext(v -> promise.complete(new ArrayList<>(unacknowledgedUpdates.values())));
    return promise.future();
  }

  /** Stops listening; the executor process should exit next. */
  public Future<Void> close() {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      heartbeats.stop();
      closeStream().onComplete(promise);
    });
    return promise.future();
  }

  private Future<Void> send(Call call) {
    if (streamId == null) {
      return Future.failedFuture(Failure.FORBIDDEN.exception("not subscribed"));
    }
    return vertx.eventBus().request(supervisor, call, delivery()).mapEmpty();
  }

  private Future<Void> closeStream() {
    MessageConsumer<Event> current = consumer;
    consumer = null;
    streamId = null;
    return current == null ? Future.succeededFuture() : current.unregister();
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
  }

  private DeliveryOptions delivery() {
    return new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
  }

  private static ByteString randomUuid() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
  }
}
