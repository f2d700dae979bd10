package io.mezzo.agent;

import io.mezzo.agent.fetcher.FetchException;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.checks.TaskChecks;
import io.mezzo.checks.core.TaskCheckCore;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.metrics.AgentRecorder;
import io.mezzo.model.TaskInfos;
import io.mezzo.model.TaskStates;
import io.mezzo.executor.ExitStatus;
import io.mezzo.executor.LaunchSpec;
import io.mezzo.executor.Sandboxes;
import io.mezzo.executor.TaskEnvironment;
import io.mezzo.executor.TaskProcess;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.mezzo.v1.internal.TaskCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of this agent: fetching their URIs and launching them through the command
 * executor, running their checks, killing them per their kill policy, turning their
 * processes' fates into status updates, and reporting them when the agent re-registers.
 */
final class TaskRuns {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRuns.class);

  /** How many removed framework IDs are remembered, to refuse their late launches. */
  private static final int REMOVED_FRAMEWORKS = 1000;

  /** How many finished tasks are remembered for the agent's state view (Mesos bounds them too). */
  static final int COMPLETED_TASKS = 1000;

  private final Vertx vertx;
  private final AgentConfig config;
  private final AgentPaths paths;
  private final CommandExecutor executor;
  private final Fetcher fetcher;
  private final TaskChecks checks;
  private final StatusUpdateManager updates;
  private final AgentRecorder recorder;
  private final Map<String, TaskRun> runs = new LinkedHashMap<>();
  private final Set<String> removedFrameworks = new LinkedHashSet<>();
  /** Finished tasks no longer tracked, oldest first; their sandboxes stay on disk. */
  private final Deque<TaskRun> completed = new ArrayDeque<>();
  private String agentId;

  TaskRuns(Vertx vertx, AgentConfig config, AgentPaths paths, CommandExecutor executor, Fetcher fetcher,
      TaskChecks checks, StatusUpdateManager updates, AgentRecorder recorder) {
    this.vertx = vertx;
    this.config = config;
    this.paths = paths;
    this.executor = executor;
    this.fetcher = fetcher;
    this.checks = checks;
    this.updates = updates;
    this.recorder = recorder;
  }

  void setAgentId(String agentId) {
    this.agentId = agentId;
  }

  /** Launches a task; a repeated launch of a task this agent already runs is ignored. */
  void run(FrameworkInfo framework, TaskInfo task) {
    String key = key(framework.getId().getValue(), task.getTaskId().getValue());
    if (runs.containsKey(key) || removedFrameworks.contains(framework.getId().getValue())) {
      LOG.warn("ignoring launch of task {}: already known or its framework was removed", task.getTaskId().getValue());
      return;
    }
    String runId = UUID.randomUUID().toString();
    Path sandbox = Sandboxes.of(paths.workDir(), agentId, framework.getId().getValue(), task.getTaskId().getValue(), runId);
    TaskRun run = new TaskRun(framework, task, runId, sandbox);
    runs.put(key, run);
    recorder.taskLaunched();
    LaunchSpec spec =
        new LaunchSpec(
            sandbox,
            CommandLines.of(task.getCommand()),
            TaskEnvironment.of(task, agentId, run.frameworkId(), sandbox));
    checkpointTask(run)
        // The fetcher's hook: the task's URIs are in its sandbox before its process starts.
        .compose(v -> fetcher.fetch(task.getCommand().getUrisList(), sandbox))
        .compose(v -> executor.launch(spec))
        .onSuccess(process -> started(run, process, spec.environment()))
        .onFailure(
            error -> {
              LOG.warn("could not launch task {}: {}", run.taskId(), error.getMessage());
              transition(run, TaskState.TASK_FAILED, TaskStatus.Source.SOURCE_AGENT,
                  TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                  error instanceof FetchException ? error.getMessage() : "Failed to launch the task: " + error.getMessage());
            });
  }

  private void started(TaskRun run, TaskProcess process, Map<String, String> environment) {
    run.process = process;
    checkpointProcess(run, process);
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
  private void startChecks(TaskRun run, Map<String, String> environment) {
    run.checks = checks.start(run.task, run.sandbox, environment, new TaskCheckCore.Reporter() {
      @Override
      public void update(TaskStatus status) {
        if (run.state == TaskState.TASK_RUNNING && !run.killRequested()) {
          updates.update(run.frameworkId(), status);
        }
      }

      @Override
      public void kill(String message) {
        if (!run.isTerminal() && !run.killRequested()) {
          run.unhealthy = message;
          TaskRuns.this.kill(run.frameworkId(), run.task.getTaskId(), null);
        }
      }
    });
  }

  private void exited(TaskRun run, ExitStatus status) {
    run.checks.stop();
    if (removedFrameworks.contains(run.frameworkId())) {
      forget(run);
      return;
    }
    TaskState state =
        run.killRequested() ? TaskState.TASK_KILLED : status.success() ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
    String message = run.unhealthy != null ? run.unhealthy + " (" + status.describe() + ")" : status.describe();
    transition(run, state, TaskStatus.Source.SOURCE_EXECUTOR, null, message);
  }

  /**
   * Takes back a task of an earlier agent process whose processes still run: it is watched
   * and killed as if this process had launched it. {@code killRequested}: the task was being
   * killed before the restart (its TASK_KILLING is in the log), and the kill goes on.
   */
  void adopt(TaskRun run, TaskProcess process, boolean killRequested) {
    runs.put(key(run.frameworkId(), run.taskId()), run);
    run.process = process;
    process.exit().onComplete(exit -> exited(run, exit.succeeded() ? exit.result() : ExitStatus.unknown()));
    if (killRequested) {
      run.killGrace = gracePeriod(run.task.getKillPolicy());
      process.kill(run.killGrace);
    } else {
      if (run.state == TaskState.TASK_STAGING) {
        // The agent ended between the launch and logging TASK_RUNNING.
        transition(run, TaskState.TASK_RUNNING, TaskStatus.Source.SOURCE_EXECUTOR, null, null);
      }
      if (run.state == TaskState.TASK_RUNNING) {
        // Checks start afresh (delay and grace period included), as a restarted executor's would.
        startChecks(run, TaskEnvironment.of(run.task, agentId, run.frameworkId(), run.sandbox));
      }
    }
  }

  /**
   * Takes back a task of an earlier agent process that ended while no agent watched it,
   * with the status its monitor recorded. A kill asked for before the restart is known only
   * when TASK_KILLING was logged ({@code killRequested}); otherwise a task that died of its
   * kill's SIGTERM reads as TASK_FAILED, since the request itself is not checkpointed.
   */
  void recoveredExit(TaskRun run, ExitStatus status, boolean killRequested) {
    runs.put(key(run.frameworkId(), run.taskId()), run);
    if (killRequested) {
      run.killGrace = gracePeriod(run.task.getKillPolicy());
    }
    exited(run, status);
  }

  /** Takes back a task of an earlier agent process whose outcome nobody knows: it is lost. */
  void recoveredLost(TaskRun run, String message) {
    runs.put(key(run.frameworkId(), run.taskId()), run);
    transition(run, TaskState.TASK_LOST, TaskStatus.Source.SOURCE_AGENT, TaskStatus.Reason.REASON_AGENT_RESTARTED, message);
  }

  /** Takes back a task of an earlier agent process that had already ended and reported it. */
  void restore(TaskRun run) {
    runs.put(key(run.frameworkId(), run.taskId()), run);
  }

  /**
   * Kills a task: SIGTERM to its process group, SIGKILL after the grace period of
   * {@code override}, else of the task's kill policy, else the agent's default.
   */
  void kill(String frameworkId, TaskID taskId, KillPolicy override) {
    TaskRun run = runs.get(key(frameworkId, taskId.getValue()));
    if (run == null) {
      // The launch never reached this agent: the task cannot run here.
      updates.update(frameworkId, status(taskId, TaskState.TASK_LOST, TaskStatus.Source.SOURCE_AGENT,
          TaskStatus.Reason.REASON_TASK_UNKNOWN, "Task is unknown to the agent"));
      return;
    }
    if (run.isTerminal() || run.killRequested()) {
      return;
    }
    run.killGrace = gracePeriod(override != null ? override : run.task.getKillPolicy());
    if (run.process == null) {
      return; // Killed as soon as its processes exist.
    }
    if (run.state == TaskState.TASK_RUNNING && killingStateCapable(run.framework)) {
      transition(run, TaskState.TASK_KILLING, TaskStatus.Source.SOURCE_EXECUTOR, null, "Killing the task");
    }
    run.process.kill(run.killGrace);
  }

  /**
   * Kills every task this agent runs, each with its grace period but no more than
   * {@code maxGrace}; completes once all that had started have exited. A task still
   * launching is killed as soon as its processes exist.
   */
  Future<Void> killAll(Duration maxGrace) {
    List<Future<Void>> exits = new ArrayList<>();
    for (TaskRun run : runs.values()) {
      if (run.isTerminal()) {
        continue;
      }
      Duration grace = gracePeriod(run.task.getKillPolicy());
      grace = grace.compareTo(maxGrace) > 0 ? maxGrace : grace;
      if (run.killGrace == null || grace.compareTo(run.killGrace) < 0) {
        run.killGrace = grace;
      }
      if (run.process != null) {
        exits.add(run.process.kill(run.killGrace));
      }
    }
    return Future.join(exits).mapEmpty();
  }

  /** Kills every task of a removed framework and forgets their updates. */
  void shutdownFramework(String frameworkId) {
    removedFrameworks.add(frameworkId);
    if (removedFrameworks.size() > REMOVED_FRAMEWORKS) {
      removedFrameworks.remove(removedFrameworks.iterator().next());
    }
    updates.removeFramework(frameworkId);
    for (TaskRun run : new ArrayList<>(runs.values())) {
      if (!run.frameworkId().equals(frameworkId)) {
        continue;
      }
      if (run.isTerminal()) {
        forget(run);
      } else if (!run.killRequested()) {
        run.killGrace = gracePeriod(run.task.getKillPolicy());
        if (run.process != null) {
          run.process.kill(run.killGrace);
        }
      }
    }
  }

  /** The framework acknowledged the task's terminal update: the task is done here. */
  void terminalAcknowledged(String frameworkId, String taskId) {
    forget(frameworkId, taskId);
  }

  /** The tasks to report when re-registering: every one not yet done here. */
  List<Task> report() {
    List<Task> tasks = new ArrayList<>();
    AgentID agent = AgentID.newBuilder().setValue(agentId).build();
    for (TaskRun run : runs.values()) {
      tasks.add(TaskInfos.toTask(run.task, run.framework, agent, run.state));
    }
    return tasks;
  }

  /** The frameworks of the reported tasks. */
  List<FrameworkInfo> frameworks() {
    Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
    runs.values().forEach(run -> frameworks.putIfAbsent(run.frameworkId(), run.framework));
    return List.copyOf(frameworks.values());
  }

  /** The run of a task, or null. */
  TaskRun get(String frameworkId, String taskId) {
    return runs.get(key(frameworkId, taskId));
  }

  int size() {
    return runs.size();
  }

  /** The tasks this agent tracks: running, or ended and not yet acknowledged. */
  Collection<TaskRun> active() {
    return Collections.unmodifiableCollection(runs.values());
  }

  /** The most recent finished tasks this agent no longer tracks, oldest first. */
  Collection<TaskRun> completed() {
    return Collections.unmodifiableCollection(completed);
  }

  private void transition(TaskRun run, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message) {
    if (!run.isTerminal() && TaskStates.isTerminal(state)) {
      recorder.taskEnded(state);
    }
    run.state = state;
    TaskStatus.Builder status = status(run.task.getTaskId(), state, source, reason, message).toBuilder();
    if (source == TaskStatus.Source.SOURCE_EXECUTOR) {
      TaskCheckCore.annotate(run.task, status);
      if (run.unhealthy != null && TaskStates.isTerminal(state)) {
        // As Mesos: the end of a task its health check killed says it was unhealthy.
        status.setHealthy(false);
      }
    }
    updates.update(run.frameworkId(), status.build());
  }

  private static TaskStatus status(
      TaskID taskId, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state).setSource(source);
    if (reason != null) {
      status.setReason(reason);
    }
    if (message != null) {
      status.setMessage(message);
    }
    return status.build();
  }

  private Duration gracePeriod(KillPolicy policy) {
    return policy.hasGracePeriod()
        ? Duration.ofNanos(Math.max(0, policy.getGracePeriod().getNanoseconds()))
        : config.defaultGracePeriod();
  }

  private static boolean killingStateCapable(FrameworkInfo framework) {
    return framework.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
  }

  /** Drops a finished task's checkpoints; its sandbox stays for people to read. */
  private void forget(TaskRun run) {
    forget(run.frameworkId(), run.taskId());
  }

  private void forget(String frameworkId, String taskId) {
    TaskRun run = runs.remove(key(frameworkId, taskId));
    if (run != null && run.isTerminal()) {
      completed.addLast(run);
      if (completed.size() > COMPLETED_TASKS) {
        completed.removeFirst();
      }
    }
    Path dir = paths.taskDir(frameworkId, taskId);
    vertx.executeBlocking(
            () -> {
              AgentPaths.deleteTree(dir);
              return null;
            },
            false)
        .onFailure(error -> LOG.warn("could not remove checkpoints of task {}: {}", taskId, error.toString()));
  }

  private Future<Void> checkpointTask(TaskRun run) {
    Path file = paths.taskInfo(run.frameworkId(), run.taskId());
    TaskCheckpoint checkpoint =
        TaskCheckpoint.newBuilder()
            .setFramework(run.framework)
            .setTask(run.task)
            .setRunId(run.runId)
            .setSandbox(run.sandbox.toString())
            .build();
    return vertx.executeBlocking(
        () -> {
          AgentPaths.deleteTree(file.getParent());
          Files.createDirectories(file.getParent());
          Files.write(file, checkpoint.toByteArray());
          return null;
        },
        false);
  }

  private void checkpointProcess(TaskRun run, TaskProcess process) {
    Path file = paths.taskPids(run.frameworkId(), run.taskId());
    ProcessCheckpoint checkpoint =
        ProcessCheckpoint.newBuilder()
            .setMonitorPid(process.monitorPid())
            .setMonitorStartMillis(process.monitorStartMillis())
            .setTaskPid(process.taskPid())
            .build();
    vertx.executeBlocking(
            () -> {
              Files.write(file, checkpoint.toByteArray());
              return null;
            },
            false)
        .onFailure(error -> LOG.warn("could not checkpoint processes of task {}: {}", run.taskId(), error.toString()));
  }

  private static String key(String frameworkId, String taskId) {
    return frameworkId + "/" + taskId;
  }
}
