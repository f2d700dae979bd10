package io.mezzo.executor;

import static io.mezzo.executor.Tasks.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking back tasks an earlier agent process launched: a second executor stands for the
 * restarted agent and is given only what the first one checkpointed.
 */
@ExtendWith(VertxExtension.class)
class ReattachTest {
  @TempDir Path sandbox;

  private Tasks tasks;
  private CommandExecutor restarted;
  private Process bystander;

  @BeforeEach
  void setUp(Vertx vertx) {
    tasks = new Tasks(new CommandExecutor(vertx));
    restarted = new CommandExecutor(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    tasks.close();
    if (bystander != null) {
      bystander.destroyForcibly();
      bystander.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Optional<TaskProcess> reattach(TaskProcess task) throws Exception {
    return await(restarted.reattach(task.sandbox(), task.monitorPid(), task.monitorStartMillis(), task.taskPid()));
  }

  @Test
  void reattachedTaskReportsTheStatusItEndsWith() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 1; exit 7");

    TaskProcess adopted = reattach(task).orElseThrow();

    assertEquals(task.taskPid(), adopted.taskPid());
    assertEquals(task.monitorPid(), adopted.monitorPid());
    assertEquals(7, await(adopted.exit()).code());
  }

  @Test
  void reattachedTaskIsKilledWithItsWholeGroup() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600 & sleep 600; wait");
    Tasks.assertEventually("both sleeps run", () -> ProcFs.groupMembers(task.taskPid()).size() >= 3);
    TaskProcess adopted = reattach(task).orElseThrow();

    await(adopted.kill(Duration.ofSeconds(1)));

    assertEquals("Command terminated with signal 15 (SIGTERM)", await(adopted.exit()).describe());
    Tasks.assertGroupGone(task);
  }

  @Test
  void endedMonitorIsNotAdoptedAndItsRecordedStatusIsRead() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "exit 3");
    await(task.exit());

    assertEquals(Optional.empty(), reattach(task));
    assertEquals(Optional.of(new ExitStatus(3)), await(restarted.recordedExit(sandbox)));
  }

  @Test
  void noRecordedStatusIsEmpty() throws Exception {
    assertEquals(Optional.empty(), await(restarted.recordedExit(sandbox)));
  }

  @Test
  void reusedPidIsNotAdoptedNorTouched() throws Exception {
    bystander = new ProcessBuilder("sleep", "600").start();
    long started = bystander.toHandle().info().startInstant().map(Instant::toEpochMilli).orElseThrow();

    long anHourOff = started - Duration.ofHours(1).toMillis();
    assertEquals(Optional.empty(), await(restarted.reattach(sandbox, bystander.pid(), anHourOff, bystander.pid())));
    // Even with the right start time, a process that is not a monitor is not one.
    assertEquals(Optional.empty(), await(restarted.reattach(sandbox, bystander.pid(), started, bystander.pid())));
    assertTrue(bystander.isAlive());
  }

  @Test
  void strayTaskNamedByThePidFileIsKilled() throws Exception {
    TaskProcess task = tasks.launch(sandbox, "sleep 600");

    assertTrue(await(restarted.killStray(sandbox, -1)));

    assertEquals(137, await(task.exit()).code());
    Tasks.assertGroupGone(task);
  }

  @Test
  void strayTaskOfAnotherSandboxIsLeftAlone(@TempDir Path other) throws Exception {
    TaskProcess task = tasks.launch(other, "sleep 600");

    assertFalse(await(restarted.killStray(sandbox, task.taskPid())));

    assertFalse(ProcFs.groupMembers(task.taskPid()).isEmpty());
  }

  @Test
  void pidFileNamingAnotherSessionLeaderKillsNothing() throws Exception {
    // A session leader, as a task shell is, but not started for this sandbox.
    bystander = new ProcessBuilder("setsid", "sleep", "600").start();
    Tasks.assertEventually("setsid ran", () -> ProcFs.stat(bystander.pid()).map(f -> f[3]).orElse("")
        .equals(Long.toString(bystander.pid())));
    writePidFile(bystander.pid());

    assertFalse(await(restarted.killStray(sandbox, -1)));

    assertTrue(bystander.isAlive());
  }

  @Test
  void processWithTheSandboxButNotLeadingItsSessionIsLeftAlone() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sleep", "600");
    builder.environment().putAll(Map.of(CommandExecutor.SANDBOX_VARIABLE, sandbox.toString()));
    bystander = builder.start();

    assertFalse(await(restarted.killStray(sandbox, bystander.pid())));

    assertTrue(bystander.isAlive());
  }

  private void writePidFile(long pid) throws Exception {
    Files.createDirectories(sandbox.resolve(".mezzo"));
    Files.writeString(sandbox.resolve(".mezzo").resolve("pid"), pid + "\n", StandardCharsets.UTF_8);
  }
}
