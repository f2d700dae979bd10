package io.mezzo.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mezzo.agent.executors.ExecutorKind;
import io.mezzo.agent.executors.ExecutorRuns;
import io.mezzo.executor.Sandboxes;
import io.mezzo.model.Ids;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.ExecutorCheckpoint;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.internal.StatusUpdateRecord;
import io.mezzo.v1.internal.TaskCheckpoint;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the tasks of an agent restarted on the same work dir, before it registers. For
 * each task checkpointed under {@code meta/frameworks/*}{@code /tasks/*}: its unacknowledged
 * status updates are queued again (same uuids, sent once registered); the unfinished tasks of
 * each executor run get a new verticle of that run, which re-attaches to their processes and
 * reports in its SUBSCRIBE what it found (running, the outcome the monitor recorded, or
 * TASK_LOST). Every outcome found becomes a new update, queued behind the recovered ones.
 * Default and custom executor runs are checkpointed of their own ({@code executor.info}), so
 * a run none of whose tasks is left unfinished is taken back too.
 */
final class AgentRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRecovery.class);

  static final String UNREADABLE_CHECKPOINT = "The agent restarted and could not read the task's checkpoint";

  private AgentRecovery() {}

  /**
   * One task as its checkpoints describe it.
   *
   * @param frameworkId the task's framework
   * @param taskId the task
   * @param launch what was launched; null when task.info is missing or unusable (then only
   *     the updates are recovered)
   * @param state the newest state in the update log; TASK_STAGING when there is none
   * @param unacknowledged updates the framework has not acknowledged, oldest first
   * @param acknowledged the uuids of the task's updates the framework has acknowledged
   */
  record Checkpoint(
      String frameworkId,
      String taskId,
      TaskCheckpoint launch,
      TaskState state,
      List<StatusUpdate> unacknowledged,
      Set<ByteString> acknowledged) {}

  /**
   * Reads every task's checkpoints. The checkpoints of a task whose terminal update was
   * acknowledged (the agent ended before removing them) and of a launch that never got past
   * its first write are removed. Blocking.
   */
  static List<Checkpoint> read(AgentPaths paths) throws IOException {
    List<Checkpoint> found = new ArrayList<>();
    for (Path frameworkDir : children(paths.frameworksDir())) {
      for (Path taskDir : children(frameworkDir.resolve("tasks"))) {
        String frameworkId = frameworkDir.getFileName().toString();
        String taskId = taskDir.getFileName().toString();
        if (Ids.problem("framework", frameworkId) != null || Ids.problem("task", taskId) != null) {
          LOG.warn("ignoring {}: not a task checkpoint", taskDir);
          continue;
        }
        Checkpoint checkpoint = readTask(paths, frameworkId, taskId);
        if (checkpoint == null) {
          AgentPaths.deleteTree(taskDir);
        } else {
          found.add(checkpoint);
        }
      }
    }
    return found;
  }

  /**
   * Reads the checkpoint of every default or custom executor run under
   * {@code meta/frameworks/*}{@code /executors/*}{@code /runs/*}; unusable ones are skipped
   * (their runs' tasks, if any, still bring them back). Blocking.
   */
  static List<ExecutorCheckpoint> readExecutors(AgentPaths paths) throws IOException {
    List<ExecutorCheckpoint> found = new ArrayList<>();
    for (Path frameworkDir : children(paths.frameworksDir())) {
      for (Path executorDir : children(frameworkDir.resolve("executors"))) {
        for (Path runDir : children(executorDir.resolve("runs"))) {
          ExecutorCheckpoint checkpoint = readExecutor(paths, runDir.resolve(ExecutorRuns.EXECUTOR_INFO));
          if (checkpoint != null
              && checkpoint.getFramework().getId().getValue().equals(frameworkDir.getFileName().toString())
              && checkpoint.getExecutor().getExecutorId().getValue().equals(executorDir.getFileName().toString())
              && checkpoint.getRunId().equals(runDir.getFileName().toString())) {
            found.add(checkpoint);
          } else if (checkpoint != null) {
            LOG.warn("ignoring {}: it names another executor run", runDir);
          }
        }
      }
    }
    return found;
  }

  private static ExecutorCheckpoint readExecutor(AgentPaths paths, Path file) throws IOException {
    ExecutorCheckpoint checkpoint;
    try {
      checkpoint = ExecutorCheckpoint.parseFrom(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null; // A command executor's run, or one that never got past its start.
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
      return null;
    }
    if (!checkpoint.hasFramework() || !checkpoint.hasExecutor() || !checkpoint.hasSandbox()
        || Ids.problem("executor", checkpoint.getExecutor().getExecutorId().getValue()) != null
        || runProblem(paths, checkpoint.getRunId(), checkpoint.getSandbox()) != null) {
      LOG.warn("ignoring incomplete {}", file);
      return null;
    }
    return checkpoint;
  }

  /**
   * Why a checkpointed run cannot be taken back, or null: a run ID is one path segment
   * without dots (executor addresses are read from their end), and its sandbox, where
   * recovery reads files and looks for processes, is never outside the work dir.
   */
  private static String runProblem(AgentPaths paths, String runId, String sandbox) {
    if (Ids.problem("run", runId) != null || runId.indexOf('.') >= 0) {
      return "bad run ID";
    }
    Path path = Path.of(sandbox).normalize();
    if (!path.isAbsolute() || !path.startsWith(paths.workDir().resolve("agents"))) {
      return "its sandbox " + path + " is outside the work dir";
    }
    return null;
  }

  /** One task's checkpoint, or null when there is nothing left to do for it. */
  private static Checkpoint readTask(AgentPaths paths, String frameworkId, String taskId) throws IOException {
    List<StatusUpdate> updates = new ArrayList<>();
    Set<ByteString> acknowledged = new HashSet<>();
    for (StatusUpdateRecord record : UpdateLog.read(paths.taskUpdates(frameworkId, taskId))) {
      if (record.getType() == StatusUpdateRecord.Type.UPDATE) {
        updates.add(record.getUpdate());
      } else if (record.getType() == StatusUpdateRecord.Type.ACK) {
        acknowledged.add(record.getUuid());
      }
    }
    List<StatusUpdate> unacknowledged = new ArrayList<>();
    TaskState state = TaskState.TASK_STAGING;
    for (StatusUpdate update : updates) {
      state = update.getStatus().getState();
      if (!acknowledged.contains(update.getStatus().getUuid())) {
        unacknowledged.add(update);
      } else if (TaskStates.isTerminal(state)) {
        return null; // The framework knows how the task ended: it is done here.
      }
    }
    TaskCheckpoint launch = readLaunch(paths, frameworkId, taskId);
    if (launch == null && unacknowledged.isEmpty()) {
      // task.info is written before anything is launched, so no process can exist.
      return null;
    }
    return new Checkpoint(frameworkId, taskId, launch, state, unacknowledged, acknowledged);
  }

  private static TaskCheckpoint readLaunch(AgentPaths paths, String frameworkId, String taskId) throws IOException {
    Path file = paths.taskInfo(frameworkId, taskId);
    TaskCheckpoint launch;
    try {
      launch = TaskCheckpoint.parseFrom(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return null;
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
      return null;
    }
    // A write cut short at a field boundary parses, without its last fields.
    if (!launch.hasRunId()
        || !launch.hasSandbox()
        || !launch.getFramework().getId().getValue().equals(frameworkId)
        || !launch.getTask().getTaskId().getValue().equals(taskId)) {
      LOG.warn("ignoring incomplete {}", file);
      return null;
    }
    String problem = runProblem(paths, launch.getRunId(), launch.getSandbox());
    if (problem != null) {
      LOG.warn("ignoring {}: {}", file, problem);
      return null;
    }
    return launch;
  }

  /**
   * Takes back every checkpointed task into {@code runs} and {@code updates}, and every
   * checkpointed executor run, on the calling verticle's context. Completes once every
   * built-in executor run has subscribed again (its tasks' fates decided) or ended; never
   * fails.
   */
  static Future<Void> recover(List<Checkpoint> checkpoints, List<ExecutorCheckpoint> executorRuns, TaskRuns runs,
      StatusUpdateManager updates) {
    // The logged updates first, so that whatever recovery finds out is sent after them.
    for (Checkpoint checkpoint : checkpoints) {
      updates.recover(checkpoint.frameworkId(), checkpoint.taskId(), checkpoint.unacknowledged(),
          checkpoint.acknowledged());
    }
    Map<String, List<TaskRun>> byRun = new LinkedHashMap<>();
    Map<String, ExecutorKind> kinds = new LinkedHashMap<>();
    for (Checkpoint checkpoint : checkpoints) {
      TaskCheckpoint launch = checkpoint.launch();
      if (launch == null) {
        if (!TaskStates.isTerminal(checkpoint.state())) {
          // Neither watchable nor reportable without task.info: the framework hears it is
          // lost, and its acknowledgement removes the checkpoint.
          updates.update(checkpoint.frameworkId(), TaskStatus.newBuilder()
              .setTaskId(TaskID.newBuilder().setValue(checkpoint.taskId()))
              .setState(TaskState.TASK_LOST)
              .setSource(TaskStatus.Source.SOURCE_AGENT)
              .setReason(TaskStatus.Reason.REASON_AGENT_RESTARTED)
              .setMessage(UNREADABLE_CHECKPOINT)
              .build());
        }
        continue;
      }
      ExecutorKind kind = !launch.hasExecutor() ? ExecutorKind.COMMAND : kindOf(launch.getExecutor());
      ExecutorInfo executor = kind == ExecutorKind.COMMAND
          ? TaskRuns.commandExecutor(launch.getFramework(), launch.getTask())
          : launch.getExecutor();
      Path runSandbox = Path.of(launch.getSandbox());
      Path sandbox = kind == ExecutorKind.DEFAULT
          ? Sandboxes.task(runSandbox, checkpoint.taskId())
          : runSandbox;
      TaskRun run = new TaskRun(launch.getFramework(), launch.getTask(), executor, launch.getRunId(), sandbox);
      run.state = checkpoint.state();
      run.group = launch.hasTaskGroup() ? launch.getTaskGroup() : null;
      if (run.isTerminal()) {
        // It ended before the restart; its terminal update is among the recovered ones.
        LOG.info("task {} had ended ({}) before the restart", run.taskId(), run.state);
        runs.restore(run);
        continue;
      }
      // Run IDs are UUIDs, unique on the agent; keyed with the executor all the same.
      String key = run.frameworkId() + "/" + run.executorId() + "/" + run.runId;
      byRun.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
      kinds.put(key, kind);
    }
    List<Future<Void>> decided = new ArrayList<>();
    byRun.forEach((key, tasks) -> {
      TaskRun first = tasks.get(0);
      decided.add(runs.recoverRun(kinds.get(key), first.framework, first.executor, first.runId, tasks));
    });
    // Runs none of whose tasks is left unfinished: a custom executor lives on without tasks
    // (it is taken back, or reported dead); a default executor ends with its last task.
    for (ExecutorCheckpoint executorRun : executorRuns) {
      ExecutorInfo executor = executorRun.getExecutor();
      String key = executorRun.getFramework().getId().getValue() + "/" + executor.getExecutorId().getValue() + "/"
          + executorRun.getRunId();
      if (!byRun.containsKey(key)) {
        decided.add(runs.recoverRun(kindOf(executor), executorRun.getFramework(), executor, executorRun.getRunId(),
            List.of()));
      }
    }
    return Future.join(decided)
        .<Void>mapEmpty()
        .onComplete(v -> LOG.info("took back {} executor runs from the work dir", decided.size()));
  }

  private static ExecutorKind kindOf(ExecutorInfo executor) {
    return executor.getType() == ExecutorInfo.Type.DEFAULT ? ExecutorKind.DEFAULT : ExecutorKind.CUSTOM;
  }

  private static List<Path> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(children::add);
    }
    children.sort(Comparator.naturalOrder());
    return children;
  }
}
