package io.mezzo.agent;

import com.google.protobuf.ByteString;
import io.mezzo.agent.executors.ExecutorFactory;
import io.mezzo.agent.executors.ExecutorKind;
import io.mezzo.agent.executors.ExecutorRunSpec;
import io.mezzo.agent.executors.ExecutorRuns;
import io.mezzo.executor.Sandboxes;
import io.mezzo.metrics.AgentRecorder;
import io.mezzo.model.TaskInfos;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.ExecutorTermination;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of this agent: starting the executor run each needs (a command executor per
 * command task, a default executor per task group, a custom executor per framework and
 * executor ID), passing launches and kills to it, turning what it reports into reliable
 * status updates, ending the tasks its executor left unfinished, and reporting them when the
 * agent re-registers. The executors' work (processes, fetching, checks) is theirs; this
 * class talks to them only through {@link ExecutorRuns}.
 */
final class TaskRuns implements ExecutorRuns.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRuns.class);

  /** How many removed framework IDs are remembered, to refuse their late launches. */
  private static final int REMOVED_FRAMEWORKS = 1000;

  /** How many finished tasks are remembered for the agent's state view (Mesos bounds them too). */
  static final int COMPLETED_TASKS = 1000;

  private final Vertx vertx;
  private final AgentConfig config;
  private final AgentPaths paths;
  private final StatusUpdateManager updates;
  private final AgentRecorder recorder;
  private final Map<String, TaskRun> runs = new LinkedHashMap<>();
  private final Set<String> removedFrameworks = new LinkedHashSet<>();
  /** Finished tasks no longer tracked, oldest first; their sandboxes stay on disk. */
  private final Deque<TaskRun> completed = new ArrayDeque<>();
  /** Executor runs that ended, oldest first, for the agent's state view (a custom executor may end with no task). */
  private final Deque<ExecutorRunSpec> endedRuns = new ArrayDeque<>();
  private String agentId;
  private ExecutorRuns executors;
  private Consumer<AgentCall> toMaster;

  TaskRuns(Vertx vertx, AgentConfig config, AgentPaths paths, StatusUpdateManager updates, AgentRecorder recorder) {
    this.vertx = vertx;
    this.config = config;
    this.paths = paths;
    this.updates = updates;
    this.recorder = recorder;
  }

  /**
   * Readies the executor runs of agent {@code agentId}, made by {@code factories}; what the
   * executors send for the master goes to {@code toMaster}.
   */
  void start(String agentId, Map<ExecutorKind, ExecutorFactory> factories, Consumer<AgentCall> toMaster) {
    this.agentId = agentId;
    this.toMaster = toMaster;
    this.executors = new ExecutorRuns(vertx, agentId, paths.workDir(), factories, config.executorRegistrationTimeout(),
        config.executorShutdownGracePeriod(), this);
  }

  /** Launches a command task on a command executor of its own. */
  void run(FrameworkInfo framework, TaskInfo task) {
    if (task.hasExecutor()) {
      launch(ExecutorKind.CUSTOM, framework, withFramework(framework, task.getExecutor()), List.of(task), null);
    } else {
      launch(ExecutorKind.COMMAND, framework, commandExecutor(framework, task), List.of(task), null);
    }
  }

  /** Launches a task group on its default executor, started unless it runs already. */
  void runGroup(FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group) {
    launch(ExecutorKind.DEFAULT, framework, withFramework(framework, executor), group.getTasksList(), group);
  }

  /**
   * Starts (or finds) the executor run and hands it the tasks once their launch is
   * checkpointed; a repeated launch of a task this agent already runs is ignored, and so is
   * a whole group with one.
   */
  private void launch(ExecutorKind kind, FrameworkInfo framework, ExecutorInfo executor, List<TaskInfo> tasks,
      TaskGroupInfo group) {
    String frameworkId = framework.getId().getValue();
    if (removedFrameworks.contains(frameworkId)) {
      LOG.warn("ignoring a launch for removed framework {}", frameworkId);
      return;
    }
    for (TaskInfo task : tasks) {
      if (runs.containsKey(key(frameworkId, task.getTaskId().getValue()))) {
        LOG.warn("ignoring launch of task {}: already known", task.getTaskId().getValue());
        return;
      }
    }
    ExecutorRuns.Run run = kind == ExecutorKind.COMMAND ? null : executors.find(frameworkId, executor.getExecutorId().getValue());
    if (run == null) {
      run = executors.start(kind, framework, executor, null, List.of());
    }
    ExecutorRuns.Run execution = run;
    List<Future<Void>> checkpoints = new ArrayList<>();
    List<TaskRun> launched = new ArrayList<>();
    for (TaskInfo task : tasks) {
      TaskRun taskRun = new TaskRun(framework, task, executor, run.spec().runId(), sandboxOf(run.spec(), task));
      taskRun.execution = run;
      taskRun.group = group == null ? null : ExecutorRunSpec.groupKey(group);
      runs.put(key(frameworkId, task.getTaskId().getValue()), taskRun);
      recorder.taskLaunched();
      launched.add(taskRun);
      checkpoints.add(checkpointTask(taskRun, run.spec().sandbox(), kind == ExecutorKind.COMMAND ? null : executor));
    }
    Future.all(checkpoints)
        .onSuccess(v -> {
          if (group != null) {
            executors.launchGroup(execution, group);
          } else {
            executors.launch(execution, tasks.get(0));
          }
        })
        .onFailure(error -> {
          LOG.warn("could not checkpoint the launch of {} tasks: {}", tasks.size(), error.toString());
          for (TaskRun taskRun : launched) {
            transition(taskRun, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                "Failed to launch the task: " + error.getMessage());
          }
          if (tasksOf(execution).stream().allMatch(TaskRun::isTerminal)) {
            executors.shutdown(execution);
          }
        });
  }

  /**
   * Takes back one executor run of an earlier agent process, with its unfinished tasks (none
   * for a custom executor whose tasks all ended): its verticle re-attaches to them, or to the
   * executor's program, and reports what it finds. Completes once a built-in
   * executor has subscribed or ended, at once for a custom one; never fails.
   */
  Future<Void> recoverRun(ExecutorKind kind, FrameworkInfo framework, ExecutorInfo executor, String runId,
      List<TaskRun> recovered) {
    List<ExecutorRunSpec.RecoveredTask> tasks = new ArrayList<>();
    for (TaskRun taskRun : recovered) {
      tasks.add(new ExecutorRunSpec.RecoveredTask(taskRun.task, taskRun.state, taskRun.group));
    }
    ExecutorRuns.Run run = executors.start(kind, framework, executor, runId, tasks);
    for (TaskRun taskRun : recovered) {
      taskRun.execution = run;
      runs.put(key(taskRun.frameworkId(), taskRun.taskId()), taskRun);
    }
    if (kind == ExecutorKind.CUSTOM) {
      // A custom executor re-subscribes over the agent's executor API, which serves only
      // once recovery is over: waiting for it here would wait out its re-registration timeout.
      return Future.succeededFuture();
    }
    if (recovered.isEmpty()) {
      // A default executor whose tasks had all ended before the restart was ending too: it
      // ends now, and the master hears that it exited.
      executors.shutdown(run);
    }
    return run.subscribed().recover(error -> Future.succeededFuture());
  }

  /** Takes back a task of an earlier agent process that had already ended and reported it. */
  void restore(TaskRun run) {
    runs.put(key(run.frameworkId(), run.taskId()), run);
  }

  /**
   * Kills a task through its executor: SIGTERM to its process group, SIGKILL after the grace
   * period of {@code override}, else of the task's kill policy, else the agent's default.
   */
  void kill(String frameworkId, TaskID taskId, KillPolicy override) {
    TaskRun run = runs.get(key(frameworkId, taskId.getValue()));
    if (run == null) {
      // The launch never reached this agent: the task cannot run here.
      updates.update(frameworkId, status(taskId, TaskState.TASK_LOST, TaskStatus.Reason.REASON_TASK_UNKNOWN,
          "Task is unknown to the agent"));
      return;
    }
    if (run.isTerminal() || run.execution == null) {
      return;
    }
    executors.kill(run.execution, taskId, override);
  }

  /**
   * Kills every task this agent runs, each with its grace period but no more than
   * {@code maxGrace}; completes once their executors have ended.
   */
  Future<Void> killAll(Duration maxGrace) {
    List<Future<Void>> ended = new ArrayList<>();
    for (ExecutorRuns.Run run : List.copyOf(executors.runs())) {
      for (TaskRun task : tasksOf(run)) {
        if (task.isTerminal()) {
          continue;
        }
        Duration grace = task.task.getKillPolicy().hasGracePeriod()
            ? Duration.ofNanos(Math.max(0, task.task.getKillPolicy().getGracePeriod().getNanoseconds()))
            : config.defaultGracePeriod();
        grace = grace.compareTo(maxGrace) > 0 ? maxGrace : grace;
        executors.kill(run, task.task.getTaskId(),
            KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(grace.toNanos())).build());
      }
      ended.add(run.done());
    }
    return Future.join(ended).mapEmpty();
  }

  /** Shuts down every executor of a removed framework and forgets its tasks' updates. */
  void shutdownFramework(String frameworkId) {
    removedFrameworks.add(frameworkId);
    if (removedFrameworks.size() > REMOVED_FRAMEWORKS) {
      removedFrameworks.remove(removedFrameworks.iterator().next());
    }
    updates.removeFramework(frameworkId);
    for (TaskRun run : new ArrayList<>(runs.values())) {
      if (run.frameworkId().equals(frameworkId) && run.isTerminal()) {
        forget(run);
      }
    }
    for (ExecutorRuns.Run run : List.copyOf(executors.runs())) {
      if (run.spec().frameworkId().equals(frameworkId)) {
        executors.shutdown(run);
      }
    }
  }

  /** The run ID of a live custom executor, whose supervisor takes its executor API calls; null when none. */
  String customExecutorRun(String frameworkId, String executorId) {
    ExecutorRuns.Run run = executors == null ? null : executors.find(frameworkId, executorId);
    return run != null && run.spec().kind() == ExecutorKind.CUSTOM ? run.spec().runId() : null;
  }

  /** Shuts down one executor (a command executor's ID is its task's). */
  void shutdownExecutor(String frameworkId, String executorId) {
    ExecutorRuns.Run run = executors.find(frameworkId, executorId);
    if (run != null) {
      executors.shutdown(run);
    }
  }

  /** Passes a framework message to its executor; dropped, as Mesos drops it, when none runs. */
  void frameworkMessage(String frameworkId, String executorId, ByteString data) {
    ExecutorRuns.Run run = executors.find(frameworkId, executorId);
    if (run == null) {
      LOG.warn("dropped a message for executor {} of framework {}: it does not run here", executorId, frameworkId);
      return;
    }
    executors.message(run, data);
  }

  /** The framework acknowledged the task's terminal update: the task is done here. */
  void terminalAcknowledged(String frameworkId, String taskId) {
    forget(frameworkId, taskId);
  }

  @Override
  public Future<Void> update(ExecutorRuns.Run execution, TaskStatus status) {
    String frameworkId = execution.spec().frameworkId();
    TaskRun run = runs.get(key(frameworkId, status.getTaskId().getValue()));
    if (removedFrameworks.contains(frameworkId)) {
      if (run != null && TaskStates.isTerminal(status.getState())) {
        forget(run);
      }
      return Future.succeededFuture();
    }
    if (run == null || run.execution != execution) {
      LOG.warn("dropped an update of task {} from executor {}, which does not run it",
          status.getTaskId().getValue(), execution.spec().executorId());
      return Future.failedFuture("Unknown task " + status.getTaskId().getValue());
    }
    if (run.isTerminal()) {
      return Future.succeededFuture(); // It ended already; the executor only repeats itself.
    }
    if (TaskStates.isTerminal(status.getState())) {
      recorder.taskEnded(status.getState());
    }
    run.state = status.getState();
    return updates.update(frameworkId, status);
  }

  @Override
  public void message(ExecutorRuns.Run execution, ByteString data) {
    toMaster.accept(AgentCall.newBuilder()
        .setType(AgentCall.Type.SEND_EXECUTOR_MESSAGE)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setSendExecutorMessage(AgentCall.SendExecutorMessage.newBuilder()
            .setFrameworkId(execution.spec().framework().getId())
            .setExecutorId(execution.spec().executor().getExecutorId())
            .setData(data))
        .build());
  }

  /**
   * An executor run ended: its unfinished tasks end as its termination says (TASK_FAILED
   * with REASON_EXECUTOR_TERMINATED by default, as in Mesos), the master hears the executor
   * exited, and the run's checkpoints go.
   */
  @Override
  public void terminated(ExecutorRuns.Run execution, ExecutorTermination termination) {
    String frameworkId = execution.spec().frameworkId();
    TaskState state = termination.hasState() ? termination.getState() : TaskState.TASK_FAILED;
    TaskStatus.Reason reason = termination.hasReason() ? termination.getReason() : TaskStatus.Reason.REASON_EXECUTOR_TERMINATED;
    String message = termination.hasMessage() ? termination.getMessage() : "Executor terminated";
    for (TaskRun run : tasksOf(execution)) {
      if (removedFrameworks.contains(frameworkId)) {
        forget(run);
      } else if (!run.isTerminal()) {
        transition(run, state, reason, message);
      }
    }
    endedRuns.addLast(execution.spec());
    if (endedRuns.size() > COMPLETED_TASKS) {
      endedRuns.removeFirst();
    }
    AgentCall.ExitedExecutor.Builder exited = AgentCall.ExitedExecutor.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setExecutorId(execution.spec().executor().getExecutorId())
        .setMessage(message);
    if (termination.hasStatus()) {
      exited.setStatus(termination.getStatus());
    }
    toMaster.accept(AgentCall.newBuilder()
        .setType(AgentCall.Type.EXITED_EXECUTOR)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setExitedExecutor(exited)
        .build());
    Path meta = execution.spec().metaDir();
    vertx.executeBlocking(() -> {
          AgentPaths.deleteTree(meta);
          return null;
        }, false)
        .onFailure(error -> LOG.warn("could not remove checkpoints of executor run {}: {}", meta, error.toString()));
  }

  /** The tasks to report when re-registering: every one not yet done here. */
  List<Task> report() {
    List<Task> tasks = new ArrayList<>();
    AgentID agent = AgentID.newBuilder().setValue(agentId).build();
    for (TaskRun run : runs.values()) {
      Task.Builder task = TaskInfos.toTask(run.task, run.framework, agent, run.state).toBuilder();
      task.setExecutorId(run.executor.getExecutorId());
      tasks.add(task.build());
    }
    return tasks;
  }

  /** The frameworks of the reported tasks. */
  List<FrameworkInfo> frameworks() {
    Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
    runs.values().forEach(run -> frameworks.putIfAbsent(run.frameworkId(), run.framework));
    return List.copyOf(frameworks.values());
  }

  /** The executors to report when re-registering: the live runs that are not command executors. */
  List<ExecutorInfo> executorInfos() {
    List<ExecutorInfo> infos = new ArrayList<>();
    for (ExecutorRuns.Run run : executors.runs()) {
      if (run.spec().kind() != ExecutorKind.COMMAND) {
        infos.add(run.spec().executor());
      }
    }
    return infos;
  }

  /** Who the executor runs that have not ended are, for the agent's state view. */
  List<ExecutorRunSpec> liveExecutorRuns() {
    List<ExecutorRunSpec> live = new ArrayList<>();
    if (executors != null) {
      executors.runs().forEach(run -> live.add(run.spec()));
    }
    return live;
  }

  /** The most recent executor runs that ended, oldest first. */
  Collection<ExecutorRunSpec> endedExecutorRuns() {
    return Collections.unmodifiableCollection(endedRuns);
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

  /** Ends a task from the agent's side (its executor could not). */
  void transition(TaskRun run, TaskState state, TaskStatus.Reason reason, String message) {
    if (!run.isTerminal() && TaskStates.isTerminal(state)) {
      recorder.taskEnded(state);
    }
    run.state = state;
    TaskStatus status = status(run.task.getTaskId(), state, reason, message).toBuilder()
        .setExecutorId(run.executor.getExecutorId())
        .build();
    updates.update(run.frameworkId(), status);
  }

  /** The made-up executor of a command task, as Mesos's: its ID is the task's. */
  static ExecutorInfo commandExecutor(FrameworkInfo framework, TaskInfo task) {
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(task.getTaskId().getValue()))
        .setFrameworkId(framework.getId())
        .setName("Command Executor (Task: " + task.getTaskId().getValue() + ")")
        .build();
  }

  /** The sandbox a task of a run works in: a task group's tasks each have their own. */
  static Path sandboxOf(ExecutorRunSpec run, TaskInfo task) {
    return run.kind() == ExecutorKind.DEFAULT ? Sandboxes.task(run.sandbox(), task.getTaskId().getValue()) : run.sandbox();
  }

  private List<TaskRun> tasksOf(ExecutorRuns.Run execution) {
    List<TaskRun> tasks = new ArrayList<>();
    for (TaskRun run : runs.values()) {
      if (run.execution == execution) {
        tasks.add(run);
      }
    }
    return tasks;
  }

  private static ExecutorInfo withFramework(FrameworkInfo framework, ExecutorInfo executor) {
    return executor.toBuilder().setFrameworkId(framework.getId()).build();
  }

  private static TaskStatus status(TaskID taskId, TaskState state, TaskStatus.Reason reason, String message) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setSource(TaskStatus.Source.SOURCE_AGENT);
    if (reason != null) {
      status.setReason(reason);
    }
    if (message != null) {
      status.setMessage(message);
    }
    return status.build();
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

  private Future<Void> checkpointTask(TaskRun run, Path runSandbox, ExecutorInfo executor) {
    Path file = paths.taskInfo(run.frameworkId(), run.taskId());
    TaskCheckpoint.Builder checkpoint =
        TaskCheckpoint.newBuilder()
            .setFramework(run.framework)
            .setTask(run.task)
            .setRunId(run.runId)
            .setSandbox(runSandbox.toString());
    if (executor != null) {
      checkpoint.setExecutor(executor);
    }
    if (run.group != null) {
      checkpoint.setTaskGroup(run.group);
    }
    byte[] bytes = checkpoint.build().toByteArray();
    return vertx.executeBlocking(
        () -> {
          AgentPaths.deleteTree(file.getParent());
          Files.createDirectories(file.getParent());
          Files.write(file, bytes);
          return null;
        },
        false);
  }

  private static String key(String frameworkId, String taskId) {
    return frameworkId + "/" + taskId;
  }
}
