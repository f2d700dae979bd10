package io.mezzo.agent.executors;

import com.google.protobuf.ByteString;
import io.mezzo.agent.CommandLines;
import io.mezzo.agent.fetcher.FetchException;
import io.mezzo.agent.isolation.Container;
import io.mezzo.agent.isolation.ContainerLimits;
import io.mezzo.agent.isolation.IsolationException;
import io.mezzo.agent.isolation.Limitation;
import io.mezzo.checks.TaskChecks;
import io.mezzo.checks.core.TaskCheckCore;
import io.mezzo.executor.Confinement;
import io.mezzo.executor.ExitStatus;
import io.mezzo.executor.LaunchSpec;
import io.mezzo.executor.TaskEnvironment;
import io.mezzo.executor.TaskProcess;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskResourceLimitation;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.internal.ExecutorTermination;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the command and default executors share: running tasks as processes through the
 * process layer ({@link io.mezzo.executor.CommandExecutor}), with their URIs fetched first
 * and their checks running while they do, killing them per their kill policy, reporting each
 * state change as an UPDATE, and ending the run once every task's terminal update is
 * acknowledged. After an agent restart a new verticle of the same run re-attaches to the
 * processes the old one checkpointed and reports what it found in its SUBSCRIBE.
 */
abstract class BuiltinExecutorVerticle extends ExecutorVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltinExecutorVerticle.class);

  static final String LAUNCH_INTERRUPTED = "The agent restarted while launching the task";
  static final String EXECUTOR_ENDED =
      "The task's executor ended while the agent was down, without recording the task's outcome";

  /** One task of the run. */
  static final class RunningTask {
    final TaskInfo task;
    final Path sandbox;
    /** Tasks of one group share a key; the command executor's one task has its own. */
    final String group;
    TaskState state = TaskState.TASK_STAGING;
    /** Null until the task's processes exist. */
    TaskProcess process;
    /** Set once a kill is asked for; the grace period the kill uses. */
    Duration killGrace;
    TaskChecks.Handle checks = TaskChecks.NONE;
    /** Why the task's health check had it killed; null unless it did. */
    String unhealthy;
    ByteString terminalUuid;
    boolean terminalAcknowledged;
    /** The limit the run went over, which ended the task; null unless one did. */
    Limitation limitation;

    RunningTask(TaskInfo task, Path sandbox, String group) {
      this.task = task;
      this.sandbox = sandbox;
      this.group = group;
    }

    String id() {
      return task.getTaskId().getValue();
    }

    boolean killRequested() {
      return killGrace != null;
    }

    boolean isTerminal() {
      return TaskStates.isTerminal(state);
    }
  }

  protected final ExecutorTools tools;
  private final Map<String, RunningTask> tasks = new LinkedHashMap<>();
  private boolean shuttingDown;
  /** While recovering, updates collect here for the SUBSCRIBE instead of being sent. */
  private List<TaskStatus> collecting;
  /** The run's container (its cgroup), made at the first launch or found at recovery; null before. */
  private Future<Container> containerReady;
  /** The periodic check of the run's limits; -1 until the container exists. */
  private long watchTimer = -1;
  private boolean watching;
  private long nextDiskCheckNanos;

  BuiltinExecutorVerticle(ExecutorRunSpec spec, ExecutorTools tools) {
    super(spec);
    this.tools = Objects.requireNonNull(tools, "tools");
  }

  /** Undeployed: the tasks run on, unwatched, for the restarted agent to take back; their checks stop. */
  @Override
  public Future<?> stop() {
    Future<?> stopped = super.stop();
    tasks.values().forEach(run -> run.checks.stop());
    return stopped;
  }

  /** The sandbox of a task of this run. */
  protected abstract Path sandboxOf(TaskInfo task);

  /** Called once a task has reached a terminal state and reported it. */
  protected void taskEnded(RunningTask task) {}

  protected final Collection<RunningTask> tasks() {
    return tasks.values();
  }

  /** Starts {@code task}: fetches its URIs into its sandbox, then runs its command. */
  protected final void launchTask(TaskInfo task, String group) {
    if (tasks.containsKey(task.getTaskId().getValue())) {
      LOG.warn("ignoring a second launch of task {}", task.getTaskId().getValue());
      return;
    }
    RunningTask run = new RunningTask(task, sandboxOf(task), group);
    tasks.put(run.id(), run);
    if (shuttingDown) {
      transition(run, TaskState.TASK_KILLED, TaskStatus.Source.SOURCE_EXECUTOR, TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "The executor is shutting down");
      return;
    }
    Map<String, String> environment = TaskEnvironment.of(task, spec.agentId(), spec.frameworkId(), run.sandbox);
    String command = CommandLines.of(task.getCommand());
    // The fetcher's hook: the task's URIs are in its sandbox before its process starts; the
    // isolation's: the run's cgroup exists, and the task's user owns its sandbox, before too.
    tools.fetcher().fetch(task.getCommand().getUrisList(), run.sandbox)
        .compose(v -> container())
        .compose(container -> vertx.executeBlocking(() -> tools.isolation().confine(container,
            task.getCommand().hasUser() ? task.getCommand().getUser() : null, spec.framework().getUser(), run.sandbox),
            false))
        .compose(confinement -> tools.processes().launch(new LaunchSpec(run.sandbox, command, environment, confinement)))
        .onSuccess(process -> started(run, process, environment))
        .onFailure(error -> {
          LOG.warn("could not launch task {}: {}", run.id(), error.getMessage());
          transition(run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
              TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
              error instanceof FetchException || error instanceof IsolationException
                  ? error.getMessage() : "Failed to launch the task: " + error.getMessage());
        });
  }

  // ---- isolation ----

  /** What the run may use: its executor's resources and those of every task it was given. */
  private ContainerLimits limits() {
    Resources total = Resources.fromProto(spec.executor().getResourcesList());
    for (RunningTask run : tasks.values()) {
      total = total.plus(Resources.fromProto(run.task.getResourcesList()));
    }
    return ContainerLimits.of(total);
  }

  /**
   * The run's container: made (cgroup created, limited) at the first launch, its limits
   * raised at each later one; launches of one group queue behind each other here.
   */
  private Future<Container> container() {
    ContainerLimits limits = limits();
    if (containerReady == null) {
      containerReady = vertx.executeBlocking(() -> tools.isolation().create(spec.runId(), limits), false)
          .onSuccess(this::watch);
      return containerReady;
    }
    containerReady = containerReady.compose(container -> vertx.executeBlocking(() -> {
      container.update(limits);
      return container;
    }, false));
    return containerReady;
  }

  /** Takes back the container of a recovered run (its cgroup still limits the tasks). */
  private void recoverContainer() {
    if (containerReady == null) {
      ContainerLimits limits = limits();
      containerReady = vertx.executeBlocking(() -> tools.isolation().recover(spec.runId(), limits), false)
          .onSuccess(this::watch);
    }
  }

  /** Checks the run's limits every second (its disk every disk watch interval) while it runs. */
  private void watch(Container ready) {
    if (watchTimer >= 0) {
      return;
    }
    watchTimer = vertx.setPeriodic(1000, id -> {
      if (watching || tasks.values().stream().allMatch(RunningTask::isTerminal)) {
        return;
      }
      watching = true;
      boolean disk = System.nanoTime() - nextDiskCheckNanos >= 0;
      if (disk) {
        nextDiskCheckNanos = System.nanoTime() + tools.isolation().config().diskWatchInterval().toNanos();
      }
      vertx.executeBlocking(() -> {
            Optional<Limitation> found = ready.memoryLimitation();
            return found.isPresent() || !disk ? found : ready.diskLimitation(spec.sandbox());
          }, false)
          .onComplete(result -> {
            watching = false;
            if (result.failed()) {
              LOG.warn("could not check the limits of run {}: {}", spec.runId(), result.cause().toString());
            } else {
              result.result().ifPresent(this::overLimit);
            }
          });
    });
  }

  /** The run went over a limit: every task of it is killed at once and ends with the limitation. */
  private void overLimit(Limitation limitation) {
    LOG.info("run {} of executor {}: {}", spec.runId(), spec.executorId(), limitation.message());
    for (RunningTask run : tasks.values()) {
      if (!run.isTerminal() && run.limitation == null) {
        run.limitation = limitation;
        run.killGrace = Duration.ZERO;
        if (run.process != null) {
          run.process.kill(Duration.ZERO);
        }
      }
    }
  }

  /** Removes the run's container, and whatever is left in it, before the run ends. */
  private Future<Void> destroyContainer() {
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
      watchTimer = -1;
    }
    if (containerReady == null) {
      return Future.succeededFuture();
    }
    Future<Container> destroyed = containerReady;
    // A later launch into this run (a task group's) makes a new one.
    containerReady = null;
    return destroyed.compose(ready -> vertx.<Void>executeBlocking(() -> {
          ready.destroy();
          return null;
        }, false))
        .onFailure(error -> LOG.warn("could not destroy the container of run {}: {}", spec.runId(), error.toString()))
        .otherwiseEmpty();
  }

  /** Reports a task that was never started, in one state. */
  protected final void refuse(TaskInfo task, String message) {
    RunningTask run = new RunningTask(task, sandboxOf(task), task.getTaskId().getValue());
    tasks.putIfAbsent(run.id(), run);
    transition(run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_EXECUTOR, TaskStatus.Reason.REASON_TASK_INVALID, message);
  }

  private void started(RunningTask run, TaskProcess process, Map<String, String> environment) {
    run.process = process;
    checkpoint(run, process);
    process.exit().onComplete(exit -> exited(run, exit.succeeded() ? exit.result() : ExitStatus.unknown()));
    if (run.killRequested()) {
      process.kill(run.killGrace);
    } else {
      transition(run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
      startChecks(run, environment);
    }
  }

  /**
   * The checks' hook: the task's health check and check run while it does, reporting as
   * TASK_RUNNING updates (none once a kill is asked for, as Mesos's executor); a failed
   * health check kills the task with its kill policy.
   */
  private void startChecks(RunningTask run, Map<String, String> environment) {
    run.checks = tools.checks().start(run.task, run.sandbox, environment, new TaskCheckCore.Reporter() {
      @Override
      public void update(TaskStatus status) {
        if (run.state == TaskState.TASK_RUNNING && !run.killRequested()) {
          BuiltinExecutorVerticle.this.update(status);
        }
      }

      @Override
      public void kill(String message) {
        if (!run.isTerminal() && !run.killRequested()) {
          run.unhealthy = message;
          onKill(run.task.getTaskId(), null);
        }
      }
    });
  }

  private void exited(RunningTask run, ExitStatus status) {
    run.checks.stop();
    if (run.isTerminal() || stopped()) {
      // A stopped verticle's agent went away: the restarted agent's verticle reports the exit.
      return;
    }
    if (run.limitation == null && containerReady != null) {
      // The OOM killer may have ended it before the watch looked.
      containerReady.compose(ready -> vertx.executeBlocking(ready::memoryLimitation, false)).onComplete(found -> {
        if (found.succeeded() && found.result().isPresent() && run.limitation == null) {
          run.limitation = found.result().get();
        }
        ended(run, status);
      });
      return;
    }
    ended(run, status);
  }

  private void ended(RunningTask run, ExitStatus status) {
    if (run.isTerminal() || stopped()) {
      return; // The check above, again: the agent may have stopped during the OOM check.
    }
    if (run.limitation != null) {
      transition(run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT, run.limitation.reason(),
          run.limitation.message() + " (" + status.describe() + ")");
      return;
    }
    TaskState state =
        run.killRequested() ? TaskState.TASK_KILLED : status.success() ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
    String message = run.unhealthy != null ? run.unhealthy + " (" + status.describe() + ")" : status.describe();
    transition(run, state, TaskStatus.Source.SOURCE_EXECUTOR, null, message);
  }

  @Override
  protected final void onKill(TaskID taskId, KillPolicy policy) {
    RunningTask run = tasks.get(taskId.getValue());
    if (run == null || run.isTerminal() || run.killRequested() || stopped()) {
      return;
    }
    run.killGrace = gracePeriod(policy != null ? policy : run.task.getKillPolicy());
    if (run.process == null) {
      return; // Killed as soon as its processes exist.
    }
    if (run.state == TaskState.TASK_RUNNING && killingStateCapable(spec.framework())) {
      transition(run, TaskState.TASK_KILLING, TaskStatus.Source.SOURCE_EXECUTOR, null, "Killing the task");
    }
    run.process.kill(run.killGrace);
  }

  @Override
  protected final void onAcknowledged(TaskID taskId, ByteString uuid) {
    RunningTask run = tasks.get(taskId.getValue());
    if (run != null && uuid.equals(run.terminalUuid)) {
      run.terminalAcknowledged = true;
      endIfDone();
    }
  }

  /** Kills every task, each within at most the executor's shutdown grace period. */
  @Override
  protected final void onShutdown() {
    shuttingDown = true;
    Duration shutdownGrace = spec.executor().hasShutdownGracePeriod()
        ? Duration.ofNanos(Math.max(0, spec.executor().getShutdownGracePeriod().getNanoseconds()))
        : tools.defaultGracePeriod();
    for (RunningTask run : tasks.values()) {
      Duration grace = gracePeriod(run.task.getKillPolicy());
      onKill(run.task.getTaskId(), KillPolicy.newBuilder()
          .setGracePeriod(io.mezzo.v1.DurationInfo.newBuilder()
              .setNanoseconds(grace.compareTo(shutdownGrace) > 0 ? shutdownGrace.toNanos() : grace.toNanos()))
          .build());
    }
    endIfDone();
  }

  /** The run ends once every task has ended and the agent has its terminal update. */
  private void endIfDone() {
    boolean done = tasks.values().stream().allMatch(run -> run.terminalAcknowledged);
    if (done && (shuttingDown || !tasks.isEmpty())) {
      tasks.values().forEach(run -> run.checks.stop());
      destroyContainer().onComplete(v -> terminate(ExecutorTermination.newBuilder().setMessage("Executor finished").build()));
    }
  }

  protected final void transition(
      RunningTask run, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message) {
    run.state = state;
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(run.task.getTaskId()).setState(state).setSource(source);
    if (reason != null) {
      status.setReason(reason);
    }
    if (message != null) {
      status.setMessage(message);
    }
    if (run.limitation != null && TaskStates.isTerminal(state)) {
      status.setLimitation(TaskResourceLimitation.newBuilder()
          .addAllResources(Resources.parse(run.limitation.resource()).toProto()));
    }
    if (source == TaskStatus.Source.SOURCE_EXECUTOR) {
      TaskCheckCore.annotate(run.task, status);
      if (run.unhealthy != null && TaskStates.isTerminal(state)) {
        // As Mesos: the end of a task its health check killed says it was unhealthy.
        status.setHealthy(false);
      }
    }
    TaskStatus sent;
    if (collecting != null) {
      sent = stamp(status.build());
      collecting.add(sent);
    } else {
      sent = update(status.build());
    }
    if (TaskStates.isTerminal(state)) {
      run.checks.stop();
      run.terminalUuid = sent.getUuid();
      taskEnded(run);
      if (tasks.values().stream().allMatch(RunningTask::isTerminal)) {
        // Nothing of the run runs any more: its cgroup goes now, not once the updates are
        // acknowledged (which may never happen when the agent stops).
        destroyContainer();
      }
    }
  }

  /** Kills the other unfinished tasks of {@code ended}'s group. */
  protected final void killGroupOf(RunningTask ended) {
    for (RunningTask other : tasks.values()) {
      if (other != ended && other.group.equals(ended.group) && !other.isTerminal()) {
        onKill(other.task.getTaskId(), null);
      }
    }
  }

  // ---- recovery ----

  /**
   * Takes back the run's tasks after an agent restart: a task whose monitor still runs is
   * re-attached; one whose monitor is gone gets the outcome the monitor recorded, or
   * TASK_LOST when it recorded none; one whose processes were never checkpointed is killed
   * (when its leader can be verified) and lost. What is found goes out in the SUBSCRIBE.
   */
  @Override
  protected final Future<Call.Subscribe> prepare() {
    if (spec.recovered().isEmpty()) {
      return Future.succeededFuture(Call.Subscribe.getDefaultInstance());
    }
    collecting = new ArrayList<>();
    List<Future<Void>> decided = new ArrayList<>();
    List<TaskInfo> infos = new ArrayList<>();
    for (ExecutorRunSpec.RecoveredTask recovered : spec.recovered()) {
      infos.add(recovered.task());
      // A checkpoint written before groups were recorded: its run's tasks count as one group.
      RunningTask run = new RunningTask(recovered.task(), sandboxOf(recovered.task()),
          recovered.group() != null ? recovered.group() : "recovered");
      run.state = recovered.state();
      tasks.put(run.id(), run);
      decided.add(recover(run, recovered.state() == TaskState.TASK_KILLING).recover(error -> {
        LOG.warn("could not recover task {}: {}", run.id(), error.toString());
        if (!run.isTerminal()) {
          lost(run, "The agent restarted and could not recover the task: " + error.getMessage());
        }
        return Future.succeededFuture();
      }));
    }
    // The run's cgroup outlived the agent: found again by the run's ID, it still limits the
    // tasks, tells whether one was OOM-killed meanwhile, and goes when the run ends.
    recoverContainer();
    return Future.join(decided).map(v -> {
      List<TaskStatus> found = collecting;
      collecting = null;
      return resubscribe(infos, found);
    });
  }

  private Future<Void> recover(RunningTask run, boolean killing) {
    Path pids = ProcessCheckpoints.file(spec.metaDir(), run.id());
    return vertx.executeBlocking(() -> ProcessCheckpoints.read(pids), false).compose(processes -> {
      if (processes == null) {
        // The task may run, but its monitor is unknown: nobody could report its end.
        return tools.processes().killStray(run.sandbox, -1).map(killed -> {
          lost(run, LAUNCH_INTERRUPTED + (killed ? "; the task was killed" : ""));
          return null;
        });
      }
      return tools.processes()
          .reattach(run.sandbox, processes.getMonitorPid(), processes.getMonitorStartMillis(), processes.getTaskPid())
          .compose(process -> {
            if (process.isPresent()) {
              LOG.info("task {} is running: re-attached", run.id());
              adopt(run, process.get(), killing);
              return Future.succeededFuture();
            }
            return tools.processes().recordedExit(run.sandbox).compose(status -> {
              if (status.isPresent()) {
                LOG.info("task {} ended while the agent was down: {}", run.id(), status.get().describe());
                if (killing) {
                  run.killGrace = gracePeriod(run.task.getKillPolicy());
                }
                exited(run, status.get());
                return Future.succeededFuture();
              }
              // The monitor was killed: its task may live on, unwatched.
              return tools.processes().killStray(run.sandbox, processes.getTaskPid()).map(killed -> {
                lost(run, EXECUTOR_ENDED);
                return null;
              });
            });
          });
    });
  }

  private void adopt(RunningTask run, TaskProcess process, boolean killing) {
    run.process = process;
    process.exit().onComplete(exit -> exited(run, exit.succeeded() ? exit.result() : ExitStatus.unknown()));
    if (killing && !run.killRequested()) {
      run.killGrace = gracePeriod(run.task.getKillPolicy());
    }
    if (run.killRequested()) {
      // Being killed before the restart, or since: another task of its group ended badly
      // while this one's processes were still being looked for.
      process.kill(run.killGrace);
      return;
    }
    if (run.state == TaskState.TASK_STAGING) {
      // The agent ended between the launch and logging TASK_RUNNING.
      transition(run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
    }
    if (run.state == TaskState.TASK_RUNNING) {
      // Checks start afresh (delay and grace period included), as a restarted executor's would.
      startChecks(run, TaskEnvironment.of(run.task, spec.agentId(), spec.frameworkId(), run.sandbox));
    }
  }

  private void lost(RunningTask run, String message) {
    LOG.info("task {} is lost: {}", run.id(), message);
    transition(run, TaskState.TASK_LOST, TaskStatus.Source.SOURCE_AGENT, TaskStatus.Reason.REASON_AGENT_RESTARTED, message);
  }

  private void checkpoint(RunningTask run, TaskProcess process) {
    Path file = ProcessCheckpoints.file(spec.metaDir(), run.id());
    ProcessCheckpoint checkpoint = ProcessCheckpoint.newBuilder()
        .setMonitorPid(process.monitorPid())
        .setMonitorStartMillis(process.monitorStartMillis())
        .setTaskPid(process.taskPid())
        .build();
    vertx.executeBlocking(() -> {
          ProcessCheckpoints.write(file, checkpoint);
          return null;
        }, false)
        .onFailure(error -> LOG.warn("could not checkpoint processes of task {}: {}", run.id(), error.toString()));
  }

  private Duration gracePeriod(KillPolicy policy) {
    return policy.hasGracePeriod()
        ? Duration.ofNanos(Math.max(0, policy.getGracePeriod().getNanoseconds()))
        : tools.defaultGracePeriod();
  }

  private static boolean killingStateCapable(FrameworkInfo framework) {
    return framework.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
  }
}
