package io.mezzo.checks.core;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CheckStatusInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The checks of one running task, as Mesos's command executor runs them: its health check
 * (judged by a {@link HealthJudge}; enough failures kill the task) and its check (whose
 * result is only reported, when it changes). Each report is a TASK_RUNNING update built on
 * the last one sent, so that {@code healthy} and {@code check_status} ride along together,
 * as Mesos's executor builds them on its {@code lastTaskStatus}.
 */
public final class TaskCheckCore {
  /** Where the results go: the agent's status updates and kills. */
  public interface Reporter {
    /** Sends {@code status} (TASK_RUNNING, with a health or check reason) for the task. */
    void update(TaskStatus status);

    /** Kills the task because its health check failed; {@code message} says so, for its TASK_KILLED. */
    void kill(String message);
  }

  private final TaskInfo task;
  private final CheckPort port;
  private final Reporter reporter;
  private final List<CheckLoop> loops = new ArrayList<>();
  private TaskStatus last;
  private CheckStatusInfo lastCheck;
  private HealthJudge judge;
  private boolean stopped;

  /** The checks of {@code task}, which must have a health check or a check (see {@link #hasChecks}). */
  public TaskCheckCore(TaskInfo task, CheckPort port, Reporter reporter) {
    this.task = Objects.requireNonNull(task, "task");
    this.port = Objects.requireNonNull(port, "port");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.last = running(task);
    this.lastCheck = task.hasCheck() ? emptyStatus(task.getCheck().getType()) : null;
  }

  /** Whether {@code task} has anything to check. */
  public static boolean hasChecks(TaskInfo task) {
    return task.hasHealthCheck() || task.hasCheck();
  }

  /**
   * Adds what Mesos puts in every update of a task with a check: a {@code check_status} of
   * the check's type, empty until there is a result (transitions always carry the empty one).
   */
  public static void annotate(TaskInfo task, TaskStatus.Builder status) {
    if (task.hasCheck()) {
      status.setCheckStatus(emptyStatus(task.getCheck().getType()));
    }
  }

  /** The TASK_RUNNING update the agent sends when the task starts, which the reports build on. */
  public static TaskStatus running(TaskInfo task) {
    TaskStatus.Builder status = TaskStatus.newBuilder()
        .setTaskId(task.getTaskId())
        .setState(TaskState.TASK_RUNNING)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR);
    annotate(task, status);
    return status.build();
  }

  /** Starts the checks; the first attempts come after their delays. */
  public void start() {
    if (task.hasHealthCheck()) {
      judge = new HealthJudge(task.getHealthCheck().getConsecutiveFailures(),
          CheckSpec.nanos(task.getHealthCheck().getGracePeriodSeconds()), port.nanoTime());
      loops.add(new CheckLoop(CheckSpec.of(task.getHealthCheck()), port, this::healthResult));
    }
    if (task.hasCheck()) {
      loops.add(new CheckLoop(CheckSpec.of(task.getCheck()), port, this::checkResult));
    }
    loops.forEach(CheckLoop::start);
  }

  /** Stops every check for good: no attempt runs and nothing is reported after this. */
  public void stop() {
    stopped = true;
    loops.forEach(CheckLoop::stop);
  }

  private void healthResult(ProbeResult result) {
    if (stopped) {
      return;
    }
    HealthJudge.Verdict verdict = judge.judge(result, port.nanoTime());
    switch (verdict.kind()) {
      case NONE -> { }
      case HEALTHY -> send(last.toBuilder().setHealthy(true).clearMessage()
          .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED));
      case UNHEALTHY -> {
        String why = CheckSpec.of(task.getHealthCheck()).describe() + " failed: " + verdict.why();
        send(last.toBuilder().setHealthy(false).setMessage(why)
            .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED));
        if (verdict.kill()) {
          stop();
          reporter.kill("Task killed: its health check failed " + verdict.consecutiveFailures()
              + (verdict.consecutiveFailures() == 1 ? " time" : " times in a row") + "; last: " + why);
        }
      }
    }
  }

  private void checkResult(ProbeResult result) {
    if (stopped) {
      return;
    }
    // A check that could not finish has no result: Mesos reports the empty status then.
    CheckStatusInfo status = result.status() != null ? result.status() : emptyStatus(task.getCheck().getType());
    if (!status.equals(lastCheck)) {
      lastCheck = status;
      send(last.toBuilder().setCheckStatus(status).setReason(TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED));
    }
  }

  private void send(TaskStatus.Builder status) {
    last = status.build();
    reporter.update(last);
  }

  private static CheckStatusInfo emptyStatus(CheckInfo.Type type) {
    CheckStatusInfo.Builder status = CheckStatusInfo.newBuilder().setType(type);
    switch (type) {
      case COMMAND -> status.setCommand(CheckStatusInfo.Command.getDefaultInstance());
      case HTTP -> status.setHttp(CheckStatusInfo.Http.getDefaultInstance());
      case TCP -> status.setTcp(CheckStatusInfo.Tcp.getDefaultInstance());
      case UNKNOWN -> { }
    }
    return status.build();
  }
}
