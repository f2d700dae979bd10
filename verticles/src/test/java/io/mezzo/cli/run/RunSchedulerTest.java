package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.cli.client.MasterAddress;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.Style;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mezzo run}'s scheduler against an in-JVM cluster, through the scheduler HTTP API. */
@ExtendWith(VertxExtension.class)
class RunSchedulerTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  private LocalCluster cluster;
  private MasterClient client;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
    client = new MasterClient(vertx, new MasterAddress(LocalCluster.HOST, cluster.master().httpPort()));
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  private RunScheduler scheduler(JsonObject settings, boolean detach) {
    FrameworkConfig config = FrameworkConfig.fromJson(settings, "tester");
    return new RunScheduler(client, config, detach, new RunPrinter(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Style.plain()));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private int run(JsonObject settings) {
    return Await.result(scheduler(settings, false).start(), WAIT);
  }

  @Test
  void finishedTasksExitZeroAndTheFrameworkIsTornDown() {
    int code = run(new JsonObject().put("command", "echo hello").put("instances", 3));
    assertEquals(RunScheduler.EXIT_FINISHED, code, stderr());
    assertEquals(3, stderr().lines().filter(l -> l.matches("task [123]: TASK_FINISHED on agent .*")).count(), stderr());
    assertTrue(stderr().contains("3 tasks: 3 TASK_FINISHED"), stderr());
    Await.until("framework removed", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksCount() == 0);
  }

  @Test
  void aTaskGroupFromItsJsonFileRunsTogetherAndOneFailureKillsTheRest(@TempDir Path files) throws Exception {
    Path file = files.resolve("group.json");
    Files.writeString(file, """
        {"tasks": [
          {"name": "waiter", "task_id": {"value": "waiter"}, "command": {"value": "sleep 60"},
           "resources": [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.2}},
                         {"name": "mem", "type": "SCALAR", "scalar": {"value": 32}}]},
          {"name": "failer", "task_id": {"value": "failer"}, "command": {"value": "sleep 1; exit 1"},
           "resources": [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.2}},
                         {"name": "mem", "type": "SCALAR", "scalar": {"value": 32}}]}
        ]}
        """);
    FrameworkConfig config = FrameworkConfig.fromJson(new JsonObject().put("command", "task group"), "tester");
    RunScheduler scheduler = new RunScheduler(client, config, false, new RunPrinter(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Style.plain()), TaskGroupFile.read(file));

    assertEquals(RunScheduler.EXIT_FAILED, Await.result(scheduler.start(), WAIT), stderr());
    assertTrue(stderr().lines().anyMatch(l -> l.startsWith("task 2: TASK_FAILED")), stderr());
    assertTrue(stderr().lines().anyMatch(l -> l.startsWith("task 1: TASK_KILLED")), stderr());
    Await.until("framework removed", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksCount() == 0);
  }

  @Test
  void aTaskGroupFileThatIsNotATaskGroupIsRefusedByName(@TempDir Path files) throws Exception {
    Path file = files.resolve("bad.json");
    Files.writeString(file, "{\"tasks\": [{\"name\": \"x\"}], \"extra\": [}");
    var error = org.junit.jupiter.api.Assertions.assertThrows(io.mezzo.cli.client.CliException.class,
        () -> TaskGroupFile.read(file));
    assertTrue(error.getMessage().contains("bad.json"), error.getMessage());
  }

  @Test
  void aFailedTaskExitsOneWithItsReason() {
    int code = run(new JsonObject().put("command", "exit 3"));
    assertEquals(RunScheduler.EXIT_FAILED, code, stderr());
    assertTrue(stderr().lines().anyMatch(l -> l.startsWith("task 1: TASK_FAILED on agent ") && l.contains("3")), stderr());
  }

  @Test
  void tasksThatFitNowhereExitTwoAfterTheTimeout() {
    long start = System.nanoTime();
    int code = run(new JsonObject().put("command", "true").put("cpus", 64).put("timeout", 1.5));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertEquals(RunScheduler.EXIT_NOT_PLACED, code, stderr());
    assertTrue(seconds < 10, "took " + seconds + " s");
    assertTrue(stderr().contains("could not place 1 of 1 task") && stderr().contains("cpus:64"), stderr());
    Await.until("framework removed", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksCount() == 0);
  }

  @Test
  void detachedTasksKeepRunning() {
    int code = Await.result(scheduler(new JsonObject().put("command", "sleep 60").put("instances", 2), true).start(), WAIT);
    assertEquals(RunScheduler.EXIT_FINISHED, code, stderr());
    assertTrue(stderr().contains("mezzo logs"), stderr());
    assertEquals(2, cluster.state().getGetTasks().getTasksList().stream()
        .filter(t -> t.getState() == TaskState.TASK_RUNNING).count());
    // Its scheduler is gone, but the framework stays for its long failover timeout.
    Await.until("framework disconnected", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksList().stream()
        .anyMatch(f -> !f.getConnected()));
  }

  @Test
  void anInterruptedRunTearsItsFrameworkDown() {
    RunScheduler scheduler = scheduler(new JsonObject().put("command", "sleep 60"), false);
    var running = scheduler.start();
    Await.until("task running", WAIT, () -> stderr().contains("TASK_RUNNING"));
    assertEquals(RunScheduler.EXIT_INTERRUPTED, Await.result(scheduler.interrupt(), WAIT));
    assertEquals(RunScheduler.EXIT_INTERRUPTED, Await.result(running, WAIT));
    Await.until("framework removed", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksCount() == 0);
    Await.until("task killed", WAIT, () -> cluster.state().getGetTasks().getTasksList().stream()
        .noneMatch(t -> t.getState() == TaskState.TASK_RUNNING));
  }
}
