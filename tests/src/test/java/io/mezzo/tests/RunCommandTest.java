package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.TaskProcesses;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mezzo run} as a newcomer uses it, against the shared {@code mezzo local} (4 cpus):
 * every run tears its framework down, so tasks never pile up.
 */
@ExtendWith(MezzoLocalExtension.class)
class RunCommandTest {
  static final Duration RUN = Duration.ofSeconds(90);
  static final Pattern LAUNCHING = Pattern.compile("task 1: launching (\\S+) on agent");

  static void assertNoStackTrace(MezzoCli.Result result) {
    assertTrue(result.stderr().lines().noneMatch(l -> l.contains("\tat ") || l.contains("Exception")), result.toString());
  }

  @Test
  void echoHelloFinishesAndPrintsHello(MezzoLocal local) throws Exception {
    MezzoCli.Result result = local.cli(RUN, "run", "--", "echo", "hello");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.matches("task 1: TASK_FINISHED on agent \\S+ \\([0-9a-f]{8}\\)")),
        result.toString());
    assertNoStackTrace(result);
    assumeTrue(filesEndpoint(local), "the master has no /files/read yet: task output cannot be shown");
    assertEquals("hello", result.stdout().strip(), result.toString());
  }

  @Test
  void aFailingCommandExitsOneAndSaysTaskFailed(MezzoLocal local) throws Exception {
    MezzoCli.Result result = local.cli(RUN, "run", "--", "sh", "-c", "exit 3");
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("task 1: TASK_FAILED") && l.contains("status 3")),
        result.toString());
    assertNoStackTrace(result);
  }

  @Test
  void aTaskGroupRunsTogetherAndOneFailureKillsTheOthers(MezzoLocal local, @TempDir Path dir) throws Exception {
    Path group = dir.resolve("group.json");
    String resources = "\"resources\": [{\"name\": \"cpus\", \"type\": \"SCALAR\", \"scalar\": {\"value\": 0.1}},"
        + " {\"name\": \"mem\", \"type\": \"SCALAR\", \"scalar\": {\"value\": 32}}]";
    String ids = Long.toHexString(System.nanoTime());
    // The failing task waits for the other two to run (each writes its pid file first).
    String failer = "for i in $(seq 600); do [ -f ../a-" + ids + "/pid ] && [ -f ../b-" + ids + "/pid ] && exit 1;"
        + " sleep 0.05; done; exit 2";
    Files.writeString(group, "{\"tasks\": ["
        + "{\"name\": \"a\", \"task_id\": {\"value\": \"a-" + ids + "\"}, \"command\": {\"value\": \"echo $$ > pid; sleep 600\"}, " + resources + "},"
        + "{\"name\": \"b\", \"task_id\": {\"value\": \"b-" + ids + "\"}, \"command\": {\"value\": \"echo $$ > pid; sleep 600\"}, " + resources + "},"
        + "{\"name\": \"c\", \"task_id\": {\"value\": \"c-" + ids + "\"}, \"command\": {\"value\": \"" + failer + "\"}, " + resources + "}"
        + "]}");
    MezzoCli.Result result = local.cli(RUN, "run", "--task-group", group.toString());
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("task 3: TASK_FAILED") && l.contains("status 1")),
        result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("task 1: TASK_KILLED")), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("task 2: TASK_KILLED")), result.toString());
    assertTrue(result.stderr().contains("3 tasks: 1 TASK_FAILED, 2 TASK_KILLED"), result.toString());
    assertNoStackTrace(result);
  }

  @Test
  void twentyInstancesAllFinish(MezzoLocal local) throws Exception {
    MezzoCli.Result result = local.cli(RUN, "run", "--instances", "20", "--", "true");
    assertEquals(0, result.exitCode(), result.toString());
    for (int task = 1; task <= 20; task++) {
      String prefix = "task " + task + ": TASK_FINISHED";
      assertEquals(1, result.stderr().lines().filter(l -> l.startsWith(prefix)).count(), prefix + "\n" + result);
    }
    assertTrue(result.stderr().contains("20 tasks: 20 TASK_FINISHED"), result.toString());
  }

  @Test
  void tasksThatFitNowhereExitTwoAfterTheTimeout(MezzoLocal local) throws Exception {
    long start = System.nanoTime();
    MezzoCli.Result result = local.cli(RUN, "run", "--cpus", "64", "--timeout", "3", "--", "true");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(seconds >= 3 && seconds < 30, "took " + seconds + " s\n" + result);
    assertTrue(result.stderr().contains("could not place 1 of 1 task") && result.stderr().contains("cpus:64"), result.toString());
    assertNoStackTrace(result);
  }

  @Test
  void anUnknownKeyInTheFrameworkFileExitsTwoNamingIt(MezzoLocal local, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("framework.json");
    Files.writeString(file, "{\"command\": \"true\", \"cpu\": 2}");
    MezzoCli.Result result = local.cli(RUN, "run", "--config", file.toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("mezzo: ") && l.contains("framework.cpu")), result.toString());
    assertNoStackTrace(result);
  }

  @Test
  void sigtermTearsDownAndExits130(MezzoLocal local) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", Path.of(System.getProperty("mezzo.jar", "../verticles/target/mezzo.jar"))
            .toAbsolutePath().toString(),
        "run", "--", "sleep", "300"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(local.cliEnvironment());
    Process run = builder.start();
    List<String> stderr = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getErrorStream(), StandardCharsets.UTF_8))) {
        lines.lines().forEach(stderr::add);
      } catch (IOException ended) {
        // The process is gone.
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Await.until("task running: " + stderr, RUN, () -> stderr.stream().anyMatch(l -> l.startsWith("task 1: TASK_RUNNING")));
      String taskId = stderr.stream().map(LAUNCHING::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElseThrow();
      long pgid = TaskProcesses.taskPid(sandbox(local.workDir.resolve("agent"), taskId));
      assertTrue(!TaskProcesses.groupMembers(pgid).isEmpty());

      run.destroy();
      assertTrue(run.waitFor(30, TimeUnit.SECONDS), "mezzo run did not end after SIGTERM: " + stderr);
      assertEquals(130, run.exitValue(), String.join("\n", stderr));
      // The framework was torn down, so the agent kills the task.
      Await.until("task " + taskId + " killed", RUN, () -> TaskProcesses.groupMembers(pgid).isEmpty());
    } finally {
      run.destroyForcibly();
    }
  }

  /** The sandbox of {@code taskId} under an agent's work dir. */
  static Path sandbox(Path agentDir, String taskId) throws IOException {
    Path[] found = new Path[1];
    Await.until("sandbox of " + taskId, Duration.ofSeconds(10), () -> {
      try (Stream<Path> paths = Files.walk(agentDir.resolve("agents"))) {
        found[0] = paths.filter(p -> p.getFileName().toString().equals("pid")
                && p.toString().contains("/executors/" + taskId + "/runs/"))
            .map(p -> p.getParent().getParent())
            .findFirst().orElse(null);
        return found[0] != null;
      } catch (IOException | java.io.UncheckedIOException e) {
        return false;
      }
    });
    return found[0];
  }

  /** Whether the master serves {@code /files/read}, which {@code mezzo run} prints task output through. */
  static boolean filesEndpoint(MezzoLocal local) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + local.master() + "/files/read")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return !(response.statusCode() == 404 && response.body().contains("No such endpoint"));
  }
}
