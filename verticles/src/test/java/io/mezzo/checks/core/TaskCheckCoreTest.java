package io.mezzo.checks.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CheckStatusInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.HealthCheck;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a task's checks report and when its health check kills it, as Mesos's command
 * executor and health checker decide, played on a fake clock.
 */
class TaskCheckCoreTest {
  private final FakePort port = new FakePort();
  private final List<TaskStatus> updates = new ArrayList<>();
  private final List<String> kills = new ArrayList<>();
  private final TaskCheckCore.Reporter reporter = new TaskCheckCore.Reporter() {
    @Override
    public void update(TaskStatus status) {
      updates.add(status);
    }

    @Override
    public void kill(String message) {
      kills.add(message);
    }
  };

  /** An HTTP health check: first attempt at 1 s, every 1 s, 3 failures kill, grace period 5 s. */
  private static HealthCheck.Builder health() {
    return HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/ok"))
        .setDelaySeconds(1).setIntervalSeconds(1).setTimeoutSeconds(0.5).setConsecutiveFailures(3)
        .setGracePeriodSeconds(5);
  }

  private static TaskInfo.Builder task() {
    return TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).setName("t1")
        .setCommand(CommandInfo.newBuilder().setValue("serve"));
  }

  private TaskCheckCore started(TaskInfo.Builder task) {
    TaskCheckCore core = new TaskCheckCore(task.build(), port, reporter);
    core.start();
    return core;
  }

  /** Runs the next attempt (due within a second) and answers it. */
  private void attempt(ProbeResult result) {
    port.advance(1_000);
    port.answer(result);
  }

  @Test
  void firstSuccessReportsHealthyThenOnlyChangesAreReported() {
    started(task().setHealthCheck(health()));
    attempt(ProbeResult.httpStatus(200));
    attempt(ProbeResult.httpStatus(204));
    attempt(ProbeResult.httpStatus(302));
    assertEquals(1, updates.size());
    TaskStatus healthy = updates.get(0);
    assertEquals(TaskState.TASK_RUNNING, healthy.getState());
    assertTrue(healthy.getHealthy());
    assertEquals(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy.getReason());
    assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, healthy.getSource());
    assertEquals("t1", healthy.getTaskId().getValue());
  }

  @Test
  void failuresInTheGracePeriodAreIgnoredUntilTheFirstSuccess() {
    started(task().setHealthCheck(health()));
    // Attempts at 1 s..5 s fail inside the 5 s grace period: nothing to report, no kill.
    for (int i = 0; i < 5; i++) {
      attempt(ProbeResult.failed("connection refused"));
    }
    assertEquals(List.of(), updates);
    assertEquals(List.of(), kills);
    // At 6 s the grace period is over: failures count.
    attempt(ProbeResult.httpStatus(503));
    assertEquals(1, updates.size());
    assertFalse(updates.get(0).getHealthy());
    assertEquals("HTTP check of http://127.0.0.1:8080/ok failed: Unexpected HTTP response code: 503",
        updates.get(0).getMessage());
  }

  @Test
  void consecutiveFailuresAfterSuccessKillTheTaskAndStopTheChecks() {
    TaskCheckCore core = started(task().setHealthCheck(health()));
    attempt(ProbeResult.httpStatus(200));
    attempt(ProbeResult.httpStatus(500));
    attempt(ProbeResult.httpStatus(200));
    // A success in between resets the count.
    attempt(ProbeResult.failed("connection refused"));
    attempt(ProbeResult.httpStatus(404));
    assertEquals(List.of(), kills);
    attempt(ProbeResult.failed("HTTP check timed out after 0.5s"));
    assertEquals(1, kills.size());
    assertEquals("Task killed: its health check failed 3 times in a row; last: HTTP check of"
        + " http://127.0.0.1:8080/ok failed: HTTP check timed out after 0.5s", kills.get(0));
    // healthy, unhealthy, healthy, then one unhealthy update per counted failure (as Mesos).
    assertEquals(List.of(true, false, true, false, false, false), updates.stream().map(TaskStatus::getHealthy).toList());
    port.advance(60_000);
    assertTrue(port.pending.isEmpty());
    assertEquals(6, updates.size());
    core.stop();
  }

  @Test
  void zeroConsecutiveFailuresKillsAtTheFirstFailureAsMesosDoes() {
    started(task().setHealthCheck(health().setConsecutiveFailures(0).setGracePeriodSeconds(0)));
    attempt(ProbeResult.httpStatus(500));
    assertEquals(1, kills.size());
  }

  @Test
  void aCheckReportsEachChangeOfItsResultAndNeverKills() {
    CheckInfo check = CheckInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
        .setCommand(CheckInfo.Command.newBuilder().setCommand(CommandInfo.newBuilder().setValue("test -f ready")))
        .setDelaySeconds(1).setIntervalSeconds(1).setTimeoutSeconds(1).build();
    started(task().setCheck(check));
    attempt(ProbeResult.exitCode(1));
    attempt(ProbeResult.exitCode(1));
    attempt(ProbeResult.exitCode(0));
    attempt(ProbeResult.failed("timed out"));
    for (int i = 0; i < 10; i++) {
      attempt(ProbeResult.exitCode(2));
    }
    assertEquals(List.of(), kills);
    List<CheckStatusInfo> reported = updates.stream().map(TaskStatus::getCheckStatus).toList();
    CheckStatusInfo empty = CheckStatusInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
        .setCommand(CheckStatusInfo.Command.getDefaultInstance()).build();
    assertEquals(List.of(ProbeResult.exitCode(1).status(), ProbeResult.exitCode(0).status(), empty,
        ProbeResult.exitCode(2).status()), reported);
    assertTrue(updates.stream().allMatch(s -> s.getReason() == TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED));
  }

  @Test
  void healthAndCheckUpdatesCarryEachOthersLatestValue() {
    CheckInfo check = CheckInfo.newBuilder().setType(CheckInfo.Type.TCP).setTcp(CheckInfo.Tcp.newBuilder().setPort(9))
        .setDelaySeconds(1).setIntervalSeconds(1).setTimeoutSeconds(0).build();
    started(task().setHealthCheck(health().setGracePeriodSeconds(0)).setCheck(check));
    port.advance(1_000);
    // Both attempts are under way; answer the check first, then the health check.
    FakePort.Pending healthAttempt = port.pending.get(0);
    FakePort.Pending checkAttempt = port.pending.get(1);
    checkAttempt.answer(ProbeResult.tcp(true));
    healthAttempt.answer(ProbeResult.httpStatus(200));
    assertEquals(2, updates.size());
    assertFalse(updates.get(0).hasHealthy());
    assertTrue(updates.get(0).getCheckStatus().getTcp().getSucceeded());
    assertTrue(updates.get(1).getHealthy());
    assertTrue(updates.get(1).getCheckStatus().getTcp().getSucceeded(), "the health update keeps the check's result");
  }

  @Test
  void transitionsOfATaskWithACheckCarryAnEmptyCheckStatus() {
    TaskInfo withCheck = task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.HTTP)
        .setHttp(CheckInfo.Http.newBuilder().setPort(80))).build();
    TaskStatus running = TaskCheckCore.running(withCheck);
    assertEquals(CheckInfo.Type.HTTP, running.getCheckStatus().getType());
    assertTrue(running.getCheckStatus().hasHttp());
    assertFalse(running.getCheckStatus().getHttp().hasStatusCode());
    assertFalse(TaskCheckCore.running(task().build()).hasCheckStatus());
    assertFalse(TaskCheckCore.hasChecks(task().build()));
  }

  @Test
  void stopEndsEveryAttemptAndReport() {
    TaskCheckCore core = started(task().setHealthCheck(health()));
    port.advance(1_000);
    core.stop();
    assertTrue(port.started.get(0).aborted);
    port.started.get(0).done.accept(ProbeResult.httpStatus(200));
    port.advance(60_000);
    assertEquals(List.of(), updates);
    assertEquals(0, port.timers());
  }

  @Test
  void healthJudgeNamesEachKindOfFailure() {
    assertNull(HealthJudge.failure(ProbeResult.exitCode(0)));
    assertEquals("Command exited with status 3", HealthJudge.failure(ProbeResult.exitCode(3)));
    assertNull(HealthJudge.failure(ProbeResult.httpStatus(399)));
    assertEquals("Unexpected HTTP response code: 199", HealthJudge.failure(ProbeResult.httpStatus(199)));
    assertEquals("Unexpected HTTP response code: 400", HealthJudge.failure(ProbeResult.httpStatus(400)));
    assertEquals("TCP connection failed", HealthJudge.failure(ProbeResult.tcp(false)));
    assertNull(HealthJudge.failure(ProbeResult.tcp(true)));
  }
}
