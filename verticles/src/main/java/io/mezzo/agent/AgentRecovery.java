package io.mezzo.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.model.Ids;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.ProcessCheckpoint;
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
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the tasks of an agent restarted on the same work dir, before it registers. For
 * each task checkpointed under {@code meta/frameworks/*}{@code /tasks/*}: its unacknowledged
 * status updates are queued again (same uuids, sent once registered); a task whose monitor
 * still runs is re-attached; one whose monitor is gone gets the outcome the monitor recorded
 * in the sandbox, or TASK_LOST when it recorded none; a task whose launch the agent did not
 * live to checkpoint is killed (when its leader can be verified) and lost. Every outcome
 * found here becomes a new update, queued behind the recovered ones.
 */
final class AgentRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRecovery.class);

  static final String LAUNCH_INTERRUPTED = "The agent restarted while launching the task";
  static final String UNREADABLE_CHECKPOINT = "The agent restarted and could not read the task's checkpoint";
  static final String EXECUTOR_ENDED =
      "The task's executor ended while the agent was down, without recording the task's outcome";

  private AgentRecovery() {}

  /**
   * One task as its checkpoints describe it.
   *
   * @param frameworkId the task's framework
   * @param taskId the task
   * @param launch what was launched; null when task.info is missing or unusable (then only
   *     the updates are recovered)
   * @param processes the task's processes; null when the agent ended before writing them
   * @param state the newest state in the update log; TASK_STAGING when there is none
   * @param unacknowledged updates the framework has not acknowledged, oldest first
   */
  record Checkpoint(
      String frameworkId,
      String taskId,
      TaskCheckpoint launch,
      ProcessCheckpoint processes,
      TaskState state,
      List<StatusUpdate> unacknowledged) {}

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
    ProcessCheckpoint processes = launch == null ? null : readProcesses(paths.taskPids(frameworkId, taskId));
    return new Checkpoint(frameworkId, taskId, launch, processes, state, unacknowledged);
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
    Path sandbox = launch.hasSandbox() ? Path.of(launch.getSandbox()).normalize() : null;
    if (!launch.hasRunId()
        || sandbox == null
        || !launch.getFramework().getId().getValue().equals(frameworkId)
        || !launch.getTask().getTaskId().getValue().equals(taskId)) {
      LOG.warn("ignoring incomplete {}", file);
      return null;
    }
    // The sandbox is where recovery reads files and looks for processes: never outside.
    if (!sandbox.isAbsolute() || !sandbox.startsWith(paths.workDir().resolve("agents"))) {
      LOG.warn("ignoring {}: its sandbox {} is outside the work dir", file, sandbox);
      return null;
    }
    return launch;
  }

  private static ProcessCheckpoint readProcesses(Path file) throws IOException {
    try {
      ProcessCheckpoint processes = ProcessCheckpoint.parseFrom(Files.readAllBytes(file));
      if (processes.hasMonitorPid() && processes.hasMonitorStartMillis() && processes.hasTaskPid()) {
        return processes;
      }
      LOG.warn("ignoring incomplete {}", file);
    } catch (NoSuchFileException e) {
      // The agent ended between the launch and this checkpoint.
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
    }
    return null;
  }

  /**
   * Takes back every checkpointed task into {@code runs} and {@code updates}, on the calling
   * verticle's context. Completes once every task's fate is decided; never fails: a task
   * that cannot be recovered is reported lost.
   */
  static Future<Void> recover(
      List<Checkpoint> checkpoints, CommandExecutor executor, TaskRuns runs, StatusUpdateManager updates) {
    // The logged updates first, so that whatever recovery finds out is sent after them.
    for (Checkpoint checkpoint : checkpoints) {
      updates.recover(checkpoint.frameworkId(), checkpoint.taskId(), checkpoint.unacknowledged());
    }
    List<Future<Void>> decided = new ArrayList<>();
    for (Checkpoint checkpoint : checkpoints) {
      if (checkpoint.launch() != null) {
        decided.add(recoverTask(checkpoint, executor, runs));
      } else if (!TaskStates.isTerminal(checkpoint.state())) {
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
    }
    return Future.join(decided)
        .<Void>mapEmpty()
        .onComplete(v -> LOG.info("took back {} tasks from the work dir", decided.size()));
  }

  private static Future<Void> recoverTask(Checkpoint checkpoint, CommandExecutor executor, TaskRuns runs) {
    TaskCheckpoint launch = checkpoint.launch();
    Path sandbox = Path.of(launch.getSandbox());
    TaskRun run = new TaskRun(launch.getFramework(), launch.getTask(), launch.getRunId(), sandbox);
    run.state = checkpoint.state();
    if (run.isTerminal()) {
      // It ended before the restart; its terminal update is among the recovered ones.
      LOG.info("task {} had ended ({}) before the restart", run.taskId(), run.state);
      runs.restore(run);
      return Future.succeededFuture();
    }
    // Only a kill of a framework that knows TASK_KILLING leaves a trace in the log.
    boolean killing = checkpoint.state() == TaskState.TASK_KILLING;
    ProcessCheckpoint processes = checkpoint.processes();
    Future<Void> done;
    if (processes == null) {
      // The task may run, but its monitor is unknown: nobody could report its end.
      done = executor.killStray(sandbox, -1).map(killed -> {
        LOG.info("task {} is lost: the agent ended while launching it", run.taskId());
        runs.recoveredLost(run, LAUNCH_INTERRUPTED + (killed ? "; the task was killed" : ""));
        return null;
      });
    } else {
      done = executor
          .reattach(sandbox, processes.getMonitorPid(), processes.getMonitorStartMillis(), processes.getTaskPid())
          .compose(process -> {
            if (process.isPresent()) {
              LOG.info("task {} is running: re-attached", run.taskId());
              runs.adopt(run, process.get(), killing);
              return Future.succeededFuture();
            }
            return executor.recordedExit(sandbox).compose(status -> {
              if (status.isPresent()) {
                LOG.info("task {} ended while the agent was down: {}", run.taskId(), status.get().describe());
                runs.recoveredExit(run, status.get(), killing);
                return Future.succeededFuture();
              }
              // The monitor was killed: its task may live on, unwatched.
              return executor.killStray(sandbox, processes.getTaskPid()).map(killed -> {
                LOG.info("task {} is lost: its monitor ended without recording its outcome", run.taskId());
                runs.recoveredLost(run, EXECUTOR_ENDED);
                return null;
              });
            });
          });
    }
    return done.recover(error -> {
      LOG.warn("could not recover task {}: {}", run.taskId(), error.toString());
      if (runs.get(run.frameworkId(), run.taskId()) == null) {
        runs.recoveredLost(run, "The agent restarted and could not recover the task: " + error.getMessage());
      }
      return Future.succeededFuture();
    });
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
