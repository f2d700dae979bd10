package io.mezzo.executor;

import static io.mezzo.executor.Tasks.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class KillTest {
  private static final Duration GRACE = Duration.ofSeconds(1);

  @TempDir Path sandbox;

  private Tasks tasks;

  @BeforeEach
  void setUp(Vertx vertx) {
    tasks = new Tasks(new CommandExecutor(vertx));
  }

  @AfterEach
  void tearDown() throws Exception {
    tasks.close();
  }

  @Test
  void killTerminatesTheTaskWithSigterm() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600");

    await(task.kill(GRACE));
    ExitStatus status = await(task.exit());

    assertEquals(143, status.code());
    assertTrue(status.signaled());
    assertEquals(15, status.signal());
    assertEquals("Command terminated with signal 15 (SIGTERM)", status.describe());
    Tasks.assertGroupGone(task);
  }

  @Test
  void killReachesBackgroundChildren() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600 & sleep 600 & wait");
    Tasks.assertEventually("both children run", () -> ProcFs.groupMembers(task.taskPid()).size() >= 3);

    await(task.kill(GRACE));

    assertEquals("Command terminated with signal 15 (SIGTERM)", await(task.exit()).describe());
    Tasks.assertGroupGone(task);
  }

  @Test
  void taskIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "trap '' TERM; sleep 600 & wait");
    Tasks.awaitRunning(task, "sleep");
    long start = System.nanoTime();

    await(task.kill(GRACE));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(GRACE.minusMillis(50)) >= 0, "SIGKILL came after only " + took);
    ExitStatus status = await(task.exit());
    assertEquals(137, status.code());
    assertEquals("Command terminated with signal 9 (SIGKILL)", status.describe());
    Tasks.assertGroupGone(task);
  }

  @Test
  void secondKillWithAShorterGraceEscalatesSooner() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "trap '' TERM; sleep 600");
    Tasks.awaitRunning(task, "sleep");
    long start = System.nanoTime();

    task.kill(Duration.ofMinutes(10));
    await(task.kill(Duration.ofMillis(200)));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    assertEquals(9, await(task.exit()).signal());
    Tasks.assertGroupGone(task);
  }

  @Test
  void secondKillWithALongerGraceChangesNothing() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "trap '' TERM; sleep 600");
    Tasks.awaitRunning(task, "sleep");

    task.kill(Duration.ofMillis(300));
    await(task.kill(Duration.ofMinutes(10)));

    assertEquals(9, await(task.exit()).signal());
  }

  @Test
  void killWithoutGraceStillSendsSigkill() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "trap '' TERM; sleep 600");
    Tasks.awaitRunning(task, "sleep");

    await(task.kill(Duration.ZERO));

    assertEquals(9, await(task.exit()).signal());
    Tasks.assertGroupGone(task);
  }

  @Test
  void killingAnExitedTaskIsANoOp() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "exit 5");
    assertEquals(5, await(task.exit()).code());

    await(task.kill(GRACE));
    await(task.kill(Duration.ZERO));

    assertEquals(5, await(task.exit()).code());
  }

  @Test
  void negativeGraceIsRejected() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "true");

    assertThrows(IllegalArgumentException.class, () -> task.kill(Duration.ofSeconds(-1)));
    await(task.exit());
  }

  @Test
  void signalsAimedAtTheMonitorDoNotOrphanTheTask() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600");
    ProcessHandle monitor = ProcessHandle.of(task.monitorPid()).orElseThrow();

    assertTrue(monitor.destroy(), "SIGTERM to the monitor");
    Thread.sleep(300);

    assertTrue(monitor.isAlive(), "the monitor ignores SIGTERM");
    assertFalse(task.exit().isComplete());
    await(task.kill(GRACE));
    assertEquals(15, await(task.exit()).signal());
  }

  @Test
  void monitorKilledOutrightLeavesAnUnknownStatusAndNoTask() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600");

    assertTrue(ProcessHandle.of(task.monitorPid()).orElseThrow().destroyForcibly());
    ExitStatus status = await(task.exit());

    assertTrue(status.isUnknown());
    assertEquals(-1, status.code());
    Tasks.assertGroupGone(task);
  }
}
