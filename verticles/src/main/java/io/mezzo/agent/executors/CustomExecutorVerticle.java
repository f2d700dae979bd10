package io.mezzo.agent.executors;

import com.google.protobuf.ByteString;
import io.mezzo.agent.CommandLines;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.executor.ExitStatus;
import io.mezzo.executor.LaunchSpec;
import io.mezzo.executor.TaskProcess;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.mezzo.v1.internal.ExecutorTermination;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom-executor supervisor: the executor verticle of an ExecutorInfo of type CUSTOM. It
 * starts the framework's executor program ({@code ExecutorInfo.command}, its URIs fetched)
 * in the run's sandbox, in a process group of its own, with the environment Mesos gives an
 * executor ({@link ExecutorEnvironment}), and bridges that program's Mesos v1 executor API
 * connection ({@code POST /api/v1/executor}, which delivers its calls here on
 * {@link Addresses#executorApi}) to the agent's executor-verticle protocol:
 *
 * <pre>
 *   executor program ──HTTP──▶ ExecutorEndpoints ──executorApi──▶ this ──executorRunAgent──▶ agent
 *   executor program ◀─RecordIO── EventStream ◀──executorStream── this ◀──executorRun────── agent
 * </pre>
 *
 * <p>The run subscribes to its agent only when the program subscribes (so the agent's
 * registration timeout is the program's), with the program's unacknowledged tasks and
 * updates. The program's updates keep the uuids it chose, and one the agent has taken
 * already is not passed on again: an update re-sent on a re-subscription reaches the
 * scheduler once. SHUTDOWN goes to the program; after the shutdown grace period its process
 * group gets SIGTERM, then SIGKILL. When the program exits the run ends, and the agent ends
 * its unfinished tasks (TASK_FAILED, REASON_EXECUTOR_TERMINATED).
 *
 * <p>The program's PIDs are checkpointed in the run's meta directory: a supervisor deployed
 * again for the same run after an agent restart re-attaches to a live program and waits for
 * it to subscribe again, or reports a dead one.
 */
public final class CustomExecutorVerticle extends ExecutorVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(CustomExecutorVerticle.class);

  /** How often the program's event stream gets a HEARTBEAT, as Mesos's agent sends them. */
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  /** How long a heartbeat waits for the stream to take it. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
  /** Between the SIGTERM and the SIGKILL of a program that outlived its grace period. */
  static final Duration KILL_ESCALATION = Duration.ofSeconds(1);
  /** Events held while the program is not connected; beyond, the oldest are dropped. */
  static final int MAX_HELD_EVENTS = 10_000;
  /** uuids of the program's updates remembered, to drop the ones it sends again. */
  static final int MAX_REMEMBERED_UPDATES = 10_000;
  /** The checkpoint of the program's processes in the run's meta directory. */
  static final String PIDS_FILE = "executor.pids";

  /**
   * What a supervisor needs from its agent.
   *
   * @param resubscribeTimeout how long a program that outlived its agent has to subscribe to
   *     the restarted one before it is killed
   */
  public record Tools(CommandExecutor processes, Fetcher fetcher, Supplier<AgentInfo> agentInfo,
      Supplier<ExecutorEnvironment.Settings> settings, Duration resubscribeTimeout) {}

  private final Tools tools;
  private final Promise<Call.Subscribe> programSubscribed = Promise.promise();
  private MessageConsumer<Call> api;
  private TaskProcess process;
  /** The address of the program's current event stream; null while it is not connected. */
  private String stream;
  /** The program's SUBSCRIBE, answered once the agent has answered the run's. */
  private Message<Call> waitingSubscribe;
  private Event subscribed;
  private final Deque<Event> held = new ArrayDeque<>();
  /** uuid of each update passed to the agent, with whether the agent acknowledged it. */
  private final Map<ByteString, Boolean> updates = new LinkedHashMap<>();
  private boolean shuttingDown;
  private long heartbeat = -1;
  /**
   * Set for a run whose program outlived its agent: the run subscribes to the restarted agent
   * at once (the agent's recovery waits for that), and the program's own subscription, when
   * it comes back, is taken as a re-subscription.
   */
  private boolean reattached;
  private boolean programReturned;
  private long resubscribeTimer = -1;
  /** Why the supervisor killed the program, when it did: the run's termination. */
  private ExecutorTermination killedFor;

  public CustomExecutorVerticle(ExecutorRunSpec spec, Tools tools) {
    super(spec);
    this.tools = tools;
  }

  @Override
  protected Future<Call.Subscribe> prepare() {
    // Clustered: a JVM executor (ExecutorClient) on its own node calls here too.
    api = vertx.eventBus().consumer(Addresses.executorApi(spec.agentId(), spec.runId()), this::onCall);
    Path pids = spec.metaDir().resolve(PIDS_FILE);
    return api.completion()
        .compose(v -> vertx.executeBlocking(() -> Files.exists(pids) ? ProcessCheckpoint.parseFrom(Files.readAllBytes(pids)) : null, false))
        .compose(checkpoint -> checkpoint == null ? launch(pids) : reattach(checkpoint))
        .map(Call.Subscribe.getDefaultInstance());
  }

  /** The run subscribes when its program does, with what the program says it has. */
  @Override
  protected Future<Call.Subscribe> subscription(Call.Subscribe prepared) {
    if (reattached) {
      return Future.succeededFuture(prepared);
    }
    return programSubscribed.future().map(subscribe -> {
      Call.Subscribe.Builder amended = subscribe.toBuilder();
      lostLaunches(subscribe).forEach(lost -> amended.addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(lost)));
      // The agent takes these with the run's SUBSCRIBE.
      amended.getUnacknowledgedUpdatesList().forEach(update -> remember(update.getStatus().getUuid(), false));
      return amended.build();
    });
  }

  /** Kills the program's process group at once. */
  private Future<Void> killProgram() {
    closeStream("the agent ended the executor");
    return process == null ? Future.succeededFuture() : process.kill(Duration.ZERO);
  }

  /**
   * Undeployed by the agent: when the program never subscribed, the agent gave up on it (its
   * registration timeout) and it is killed. A program that has subscribed is left running:
   * an agent that stops takes it back when it starts again.
   */
  @Override
  public Future<?> stop() {
    Future<Void> killed = !terminated() && subscribed == null && !reattached ? killProgram() : Future.succeededFuture();
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
    }
    if (resubscribeTimer >= 0) {
      vertx.cancelTimer(resubscribeTimer);
    }
    Future<Void> closed = api == null ? Future.succeededFuture() : api.unregister();
    return killed.eventually(() -> closed).eventually(super::stop);
  }

  // --- the program's process ---------------------------------------------------------

  private Future<Void> launch(Path pids) {
    LaunchSpec launch = new LaunchSpec(spec.sandbox(), CommandLines.of(spec.executor().getCommand()),
        ExecutorEnvironment.of(spec, tools.settings().get()));
    return tools.fetcher().fetch(spec.executor().getCommand().getUrisList(), spec.sandbox())
        .compose(v -> tools.processes().launch(launch))
        .compose(started -> {
          watch(started);
          ProcessCheckpoint checkpoint = ProcessCheckpoint.newBuilder()
              .setMonitorPid(started.monitorPid())
              .setMonitorStartMillis(started.monitorStartMillis())
              .setTaskPid(started.taskPid())
              .build();
          return vertx.executeBlocking(() -> {
            Files.createDirectories(pids.getParent());
            Files.write(pids, checkpoint.toByteArray());
            return null;
          }, false);
        })
        .mapEmpty();
  }

  private Future<Void> reattach(ProcessCheckpoint checkpoint) {
    return tools.processes()
        .reattach(spec.sandbox(), checkpoint.getMonitorPid(), checkpoint.getMonitorStartMillis(), checkpoint.getTaskPid())
        .compose(found -> {
          if (found.isPresent()) {
            LOG.info("executor {} of framework {} outlived its agent; waiting for it to subscribe again",
                spec.executorId(), spec.frameworkId());
            reattached = true;
            watch(found.get());
            awaitReturn();
            return Future.succeededFuture();
          }
          return tools.processes().recordedExit(spec.sandbox()).compose(status -> {
            ExitStatus exit = status.orElse(ExitStatus.unknown());
            terminate(termination(TaskState.TASK_FAILED, "Executor ended while the agent was down ("
                + exit.describe() + ")", exit));
            // The agent undeploys this run now; the program will not subscribe.
            return Future.<Void>succeededFuture();
          });
        });
  }

  /** A program that does not come back within the timeout is killed, as Mesos kills one that does not re-register. */
  private void awaitReturn() {
    Duration timeout = tools.resubscribeTimeout();
    resubscribeTimer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      resubscribeTimer = -1;
      if (!programReturned && !terminated()) {
        LOG.warn("executor {} of framework {} did not subscribe again within {}", spec.executorId(), spec.frameworkId(),
            timeout);
        killedFor = ExecutorTermination.newBuilder()
            .setState(TaskState.TASK_FAILED)
            .setReason(TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT)
            .setMessage("Executor did not subscribe again within " + timeout.toSeconds() + " s of its agent's restart")
            .build();
        killProgram().onComplete(v -> terminate(killedFor));
      }
    });
  }

  private void watch(TaskProcess started) {
    process = started;
    started.exit().onComplete(result -> {
      ExitStatus exit = result.succeeded() ? result.result() : ExitStatus.unknown();
      LOG.info("executor {} of framework {} exited: {}", spec.executorId(), spec.frameworkId(), exit.describe());
      closeStream("the executor exited");
      // Killed for a reason of the supervisor's: the run ends for that reason, not its exit.
      terminate(killedFor != null ? killedFor : termination(shuttingDown ? TaskState.TASK_KILLED : TaskState.TASK_FAILED,
          "Executor exited: " + exit.describe(), exit));
    });
  }

  private static ExecutorTermination termination(TaskState state, String message, ExitStatus exit) {
    ExecutorTermination.Builder termination = ExecutorTermination.newBuilder()
        .setState(state)
        .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED)
        .setMessage(message);
    if (!exit.isUnknown()) {
      termination.setStatus(exit.code());
    }
    return termination.build();
  }

  // --- calls of the program, from POST /api/v1/executor ------------------------------

  private void onCall(Message<Call> message) {
    Call call;
    try {
      call = message.body();
    } catch (RuntimeException e) {
      message.fail(Failure.BAD_REQUEST.code(), "Undecodable executor call");
      return;
    }
    if (!call.getFrameworkId().getValue().equals(spec.frameworkId())
        || !call.getExecutorId().getValue().equals(spec.executorId())) {
      message.fail(Failure.BAD_REQUEST.code(), "The call names another executor");
      return;
    }
    switch (call.getType()) {
      case SUBSCRIBE -> subscribeProgram(message, call.getSubscribe());
      case UPDATE -> {
        if (notSubscribed(message)) {
          return;
        }
        pass(call.getUpdate().getStatus());
        message.reply(null);
      }
      case MESSAGE -> {
        if (notSubscribed(message)) {
          return;
        }
        message(call.getMessage().getData());
        message.reply(null);
      }
      default -> message.fail(Failure.BAD_REQUEST.code(), "Unsupported executor call type " + call.getType());
    }
  }

  /** Mesos answers 403 to an executor's call before it has subscribed. */
  private boolean notSubscribed(Message<Call> message) {
    if (subscribed == null || stream == null) {
      message.fail(Failure.FORBIDDEN.code(), "Executor is not subscribed");
      return true;
    }
    return false;
  }

  private void subscribeProgram(Message<Call> message, Call.Subscribe subscribe) {
    String streamId = message.headers().get(Headers.STREAM_ID);
    if (streamId == null) {
      message.fail(Failure.BAD_REQUEST.code(), "A SUBSCRIBE needs a stream");
      return;
    }
    if (terminated() || shuttingDown) {
      // As Mesos: an executor that subscribes while it is being shut down hears SHUTDOWN.
      message.reply(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
      return;
    }
    // One connection per executor: a new subscription replaces the old one, as in Mesos.
    closeStream("a new subscription of the executor replaced this one");
    stream = Addresses.executorStream(streamId);
    startHeartbeats();
    if (subscribed == null) {
      if (waitingSubscribe != null) {
        waitingSubscribe.fail(Failure.CONFLICT.code(), "A newer subscription of the executor replaced this one");
      }
      waitingSubscribe = message;
      programSubscribed.tryComplete(subscribe);
      return;
    }
    message.reply(subscribedEvent());
    resubscribed(subscribe);
  }

  /**
   * The program subscribed again to an agent that has the run's subscription already: after
   * a new connection, or after the agent's restart.
   */
  private void resubscribed(Call.Subscribe subscribe) {
    if (reattached && !programReturned) {
      // The program is back after its agent's restart.
      programReturned = true;
      if (resubscribeTimer >= 0) {
        vertx.cancelTimer(resubscribeTimer);
        resubscribeTimer = -1;
      }
      lostLaunches(subscribe).forEach(this::pass);
    }
    // Of what the program sends again, only what the agent never had goes on (the agent
    // drops what it logged before a restart), and what it acknowledged is acknowledged again.
    for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      pass(update.getStatus());
    }
    flushHeld();
  }

  /**
   * Passes the program's update to the agent with the program's own uuid, once: an update the
   * agent has acknowledged already is acknowledged to the program again instead.
   */
  private void pass(TaskStatus status) {
    ByteString uuid = status.getUuid();
    Boolean acknowledged = updates.get(uuid);
    if (acknowledged != null) {
      if (acknowledged) {
        toProgram(acknowledgedEvent(status.getTaskId(), uuid));
      }
      return;
    }
    remember(uuid, false);
    forward(status);
  }

  private void remember(ByteString uuid, boolean acknowledged) {
    updates.put(uuid, acknowledged);
    if (updates.size() > MAX_REMEMBERED_UPDATES) {
      Iterator<ByteString> oldest = updates.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * Mesos's rule for a re-subscription after an agent restart: a task the agent had launched
   * (still TASK_STAGING) that the executor does not list as unacknowledged never reached it,
   * and is lost (TASK_DROPPED for a partition-aware framework).
   */
  private List<TaskStatus> lostLaunches(Call.Subscribe subscribe) {
    Set<String> known = new HashSet<>();
    subscribe.getUnacknowledgedTasksList().forEach(task -> known.add(task.getTaskId().getValue()));
    subscribe.getUnacknowledgedUpdatesList().forEach(update -> known.add(update.getStatus().getTaskId().getValue()));
    List<TaskStatus> lost = new ArrayList<>();
    for (ExecutorRunSpec.RecoveredTask recovered : spec.recovered()) {
      String taskId = recovered.task().getTaskId().getValue();
      if (recovered.state() == TaskState.TASK_STAGING && !known.contains(taskId)) {
        boolean partitionAware = spec.framework().getCapabilitiesList().stream()
            .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
        lost.add(stamp(TaskStatus.newBuilder()
            .setTaskId(recovered.task().getTaskId())
            .setState(partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST)
            .setSource(TaskStatus.Source.SOURCE_AGENT)
            .setReason(TaskStatus.Reason.REASON_AGENT_RESTARTED)
            .setMessage("Task launched during agent restart")
            .build()));
      }
    }
    return lost;
  }

  // --- events of the agent, to the program -------------------------------------------

  @Override
  protected void onSubscribed(Event.Subscribed agentSubscribed) {
    subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(agentSubscribed).build();
    if (waitingSubscribe != null) {
      Message<Call> waiting = waitingSubscribe;
      waitingSubscribe = null;
      waiting.reply(subscribedEvent());
      if (reattached) {
        // The program came back before the restarted agent answered the run.
        resubscribed(waiting.body().getSubscribe());
        return;
      }
    }
    flushHeld();
  }

  @Override
  protected void onLaunch(TaskInfo task) {
    toProgram(Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build());
  }

  @Override
  protected void onLaunchGroup(TaskGroupInfo group) {
    toProgram(Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
        .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(group)).build());
  }

  @Override
  protected void onKill(TaskID taskId, KillPolicy policy) {
    Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
    if (policy != null) {
      kill.setKillPolicy(policy);
    }
    toProgram(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
  }

  @Override
  protected void onAcknowledged(TaskID taskId, ByteString uuid) {
    if (updates.containsKey(uuid)) {
      updates.put(uuid, true);
    }
    toProgram(acknowledgedEvent(taskId, uuid));
  }

  @Override
  protected void onMessage(ByteString data) {
    toProgram(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder().setData(data)).build());
  }

  @Override
  protected void onShutdown() {
    if (shuttingDown || terminated()) {
      return;
    }
    shuttingDown = true;
    toProgram(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    Duration grace = shutdownGrace();
    vertx.setTimer(Math.max(1, grace.toMillis()), t -> {
      if (process != null && !terminated()) {
        LOG.info("executor {} of framework {} did not end within {}; killing it", spec.executorId(),
            spec.frameworkId(), grace);
        process.kill(KILL_ESCALATION);
      }
    });
    if (process == null) {
      terminate(ExecutorTermination.newBuilder().setState(TaskState.TASK_KILLED)
          .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED).setMessage("Executor shut down").build());
    }
  }

  /** The executor's shutdown grace period, less the SIGTERM-to-SIGKILL escalation. */
  private Duration shutdownGrace() {
    Duration grace = ExecutorEnvironment.shutdownGrace(spec.executor(), tools.settings().get().shutdownGrace());
    Duration left = grace.minus(KILL_ESCALATION);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * The SUBSCRIBED for the program, with the agent's AgentInfo: Mesos declares agent_info
   * required, and strict clients refuse a SUBSCRIBED without it. Filled in when the program
   * subscribes, since a run taken back at an agent's restart subscribes before the agent
   * knows its own port.
   */
  private Event subscribedEvent() {
    AgentInfo agent = tools.agentInfo().get();
    if (subscribed.getSubscribed().hasAgentInfo() || agent == null) {
      return subscribed;
    }
    return subscribed.toBuilder().setSubscribed(subscribed.getSubscribed().toBuilder().setAgentInfo(agent)).build();
  }

  private static Event acknowledgedEvent(TaskID taskId, ByteString uuid) {
    return Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
        .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(taskId).setUuid(uuid))
        .build();
  }

  // --- the program's event stream ----------------------------------------------------

  private void toProgram(Event event) {
    if (stream != null && subscribed != null) {
      vertx.eventBus().send(stream, event);
      return;
    }
    held.addLast(event);
    if (held.size() > MAX_HELD_EVENTS) {
      Event dropped = held.removeFirst();
      LOG.warn("executor {} is not connected; dropped a held {}", spec.executorId(), dropped.getType());
    }
  }

  private void flushHeld() {
    while (!held.isEmpty() && stream != null && subscribed != null) {
      vertx.eventBus().send(stream, held.removeFirst());
    }
  }

  private void closeStream(String why) {
    if (stream != null) {
      vertx.eventBus().send(stream, Event.newBuilder().setType(Event.Type.ERROR)
          .setError(Event.Error.newBuilder().setMessage(why)).build());
      stream = null;
    }
  }

  /**
   * Heartbeats keep the program's connection from looking idle, and find out that it broke:
   * a stream whose connection closed stops listening, so its heartbeat finds nobody, and
   * events are held for the program's next subscription.
   */
  private void startHeartbeats() {
    if (heartbeat >= 0) {
      return;
    }
    heartbeat = vertx.setPeriodic(HEARTBEAT_INTERVAL.toMillis(), id -> {
      String current = stream;
      if (current == null) {
        return;
      }
      vertx.eventBus()
          .request(current, Event.newBuilder().setType(Event.Type.HEARTBEAT).build(),
              new DeliveryOptions().setSendTimeout(HEARTBEAT_TIMEOUT.toMillis()))
          .onFailure(error -> {
            if (current.equals(stream)) {
              LOG.info("executor {} of framework {} disconnected", spec.executorId(), spec.frameworkId());
              stream = null;
            }
          });
    });
  }
}
