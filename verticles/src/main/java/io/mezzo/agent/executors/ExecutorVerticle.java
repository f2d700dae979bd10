package io.mezzo.agent.executors;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.mezzo.v1.internal.ExecutorTermination;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of every executor verticle: it hears its agent only on
 * {@link Addresses#executorRun} (executor.Event) and speaks only on
 * {@link Addresses#executorRunAgent} (executor.Call, then one ExecutorTermination). It
 * subscribes as soon as it is deployed, as a Mesos executor does; the agent answers
 * SUBSCRIBED and then sends its launches. Both consumers are local: an executor verticle
 * runs in its agent's JVM, and nothing from another node may speak for it.
 */
public abstract class ExecutorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorVerticle.class);

  protected final ExecutorRunSpec spec;
  private MessageConsumer<Object> consumer;
  private boolean terminated;
  /**
   * Set once undeployed. The run's task processes outlive the verticle (an agent that stops
   * leaves its tasks running), and their exit callbacks still fire on its context; what they
   * report must not reach the run's address, where a recovered agent's new verticle for the
   * same run speaks now and has adopted the same processes. Nor may it act on them (kill a
   * group's other tasks): that is the new verticle's work.
   */
  private volatile boolean stopped;

  protected ExecutorVerticle(ExecutorRunSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public final Future<?> start() {
    Codecs.register(vertx);
    consumer = vertx.eventBus().localConsumer(Addresses.executorRun(spec.agentId(), spec.runId()), this::onEvent);
    return consumer.completion().compose(v -> prepare())
        .onSuccess(prepared -> subscription(prepared).onSuccess(this::subscribe));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Whether this verticle was undeployed: what its tasks do is no longer its business. */
  protected final boolean stopped() {
    return stopped;
  }

  /**
   * Work before subscribing, on this verticle's context; its result is the SUBSCRIBE call's
   * body. A recovered run re-attaches to its tasks here and reports what it found as
   * unacknowledged updates, as a re-subscribing Mesos executor does.
   */
  protected Future<Call.Subscribe> prepare() {
    return Future.succeededFuture(Call.Subscribe.getDefaultInstance());
  }

  /**
   * When to subscribe, once deployed: at once with what {@link #prepare} found, unless the
   * run waits for someone else (a custom executor's program subscribes when it is ready).
   */
  protected Future<Call.Subscribe> subscription(Call.Subscribe prepared) {
    return Future.succeededFuture(prepared);
  }

  private void subscribe(Call.Subscribe subscribe) {
    send(call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build());
  }

  private void onEvent(Message<Object> message) {
    if (!(message.body() instanceof Event event)) {
      return;
    }
    switch (event.getType()) {
      case SUBSCRIBED -> onSubscribed(event.getSubscribed());
      case LAUNCH -> onLaunch(event.getLaunch().getTask());
      case LAUNCH_GROUP -> onLaunchGroup(event.getLaunchGroup().getTaskGroup());
      case KILL -> onKill(event.getKill().getTaskId(), event.getKill().hasKillPolicy() ? event.getKill().getKillPolicy() : null);
      case ACKNOWLEDGED -> onAcknowledged(event.getAcknowledged().getTaskId(), event.getAcknowledged().getUuid());
      case MESSAGE -> onMessage(event.getMessage().getData());
      case SHUTDOWN -> onShutdown();
      case ERROR -> LOG.warn("executor {} heard an error from its agent: {}", spec.executorId(), event.getError().getMessage());
      default -> LOG.debug("executor {} ignored {}", spec.executorId(), event.getType());
    }
  }

  protected void onSubscribed(Event.Subscribed subscribed) {}

  protected abstract void onLaunch(TaskInfo task);

  protected abstract void onLaunchGroup(TaskGroupInfo group);

  /** Kills a task; {@code policy} overrides its own kill policy when not null. */
  protected abstract void onKill(TaskID taskId, KillPolicy policy);

  /** The agent has checkpointed update {@code uuid} of a task. */
  protected abstract void onAcknowledged(TaskID taskId, ByteString uuid);

  /** A framework message; the built-in executors ignore them, as Mesos's do. */
  protected void onMessage(ByteString data) {}

  /** Kills every task and ends the run. */
  protected abstract void onShutdown();

  /**
   * Reports a task's status to the agent, stamped with a fresh uuid and this executor's ID;
   * returns the stamped status, whose uuid the ACKNOWLEDGED will carry.
   */
  protected final TaskStatus update(TaskStatus status) {
    TaskStatus stamped = stamp(status);
    send(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(stamped)).build());
    return stamped;
  }

  /**
   * Passes on a status whose uuid its executor chose (a custom executor's), with this
   * executor's ID: the ACKNOWLEDGED carries that uuid, which the executor is waiting for.
   */
  protected final void forward(TaskStatus status) {
    TaskStatus named = status.toBuilder().setExecutorId(spec.executor().getExecutorId()).build();
    send(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(named)).build());
  }

  /** A status stamped as {@link #update} stamps it, for a SUBSCRIBE's unacknowledged updates. */
  protected final TaskStatus stamp(TaskStatus status) {
    return status.toBuilder()
        .setExecutorId(spec.executor().getExecutorId())
        .setUuid(randomUuid())
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .build();
  }

  /** Sends a framework message to the executor's scheduler. */
  protected final void message(ByteString data) {
    send(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(data)).build());
  }

  /** Tells the agent the run is over; the agent then undeploys this verticle. Once only. */
  protected final void terminate(ExecutorTermination termination) {
    if (!terminated) {
      terminated = true;
      send(termination);
    }
  }

  protected final boolean terminated() {
    return terminated;
  }

  /** The unacknowledged updates of a re-subscription, in the SUBSCRIBE call's shape. */
  protected static Call.Subscribe resubscribe(List<TaskInfo> tasks, List<TaskStatus> updates) {
    Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder().addAllUnacknowledgedTasks(tasks);
    updates.forEach(status -> subscribe.addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(status)));
    return subscribe.build();
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder()
        .setType(type)
        .setExecutorId(ExecutorID.newBuilder().setValue(spec.executorId()))
        .setFrameworkId(FrameworkID.newBuilder().setValue(spec.frameworkId()));
  }

  private void send(Object body) {
    if (stopped) {
      LOG.debug("executor {} is undeployed; dropped a {}", spec.executorId(), body.getClass().getSimpleName());
      return;
    }
    vertx.eventBus().send(Addresses.executorRunAgent(spec.agentId(), spec.runId()), body);
  }

  private static ByteString randomUuid() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
  }
}
