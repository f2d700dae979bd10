package io.mezzo.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Test fixture: launches tasks through a {@link CommandExecutor}, remembers them, and kills
 * whatever is left of them afterwards, by the PIDs the executor reported and never by name.
 */
final class Tasks implements AutoCloseable {
  /** Every wait in these tests is bounded by this. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final CommandExecutor executor;
  private final List<TaskProcess> launched = new CopyOnWriteArrayList<>();

  Tasks(CommandExecutor executor) {
    this.executor = executor;
  }

  /** Launches {@code command} in {@code sandbox} with {@code env} and waits for the PID. */
  TaskProcess launch(Path sandbox, String command, Map<String, String> env) throws Exception {
    return track(await(executor.launch(new LaunchSpec(sandbox, command, env))));
  }

  TaskProcess launch(Path sandbox, String command) throws Exception {
    return launch(sandbox, command, Map.of());
  }

  TaskProcess track(TaskProcess task) {
    launched.add(task);
    return task;
  }

  /** The result of {@code future}, failing the test if it takes longer than {@link #TIMEOUT}. */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new AssertionError("not done within " + TIMEOUT, e);
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Asserts that no live process is left in the task's process group. */
  static void assertGroupGone(TaskProcess task) {
    assertEquals(List.of(), ProcFs.groupMembers(task.taskPid()), "processes left in group " + task.taskPid());
  }

  /**
   * Waits until a process called {@code command} runs in the task's group: launch() returns
   * as soon as the task's PID is known, before the task's own code (a trap, say) has run.
   */
  static long awaitRunning(TaskProcess task, String command) throws InterruptedException {
    long[] pid = new long[1];
    assertEventually(
        command + " runs",
        () -> {
          pid[0] =
              ProcFs.groupMembers(task.taskPid()).stream()
                  .filter(p -> ProcFs.command(p).equals(command))
                  .findFirst()
                  .orElse(0L);
          return pid[0] != 0;
        });
    return pid[0];
  }

  /** Polls {@code condition} until it holds, failing the test after {@link #TIMEOUT}. */
  static void assertEventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  /** Kills what is left of every task launched here: its group, then its monitor. */
  @Override
  public void close() throws Exception {
    for (TaskProcess task : launched) {
      if (!ProcFs.groupMembers(task.taskPid()).isEmpty()) {
        ProcessGroups.signal(task.taskPid(), "KILL");
      }
      // Only if the PID still names our monitor, not a process that got the number since.
      ProcessHandle.of(task.monitorPid())
          .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == task.monitorStartMillis())
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
