package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.TaskStates;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own fault suite, part one: three real masters with the shipped timeouts, two
 * agents and this JVM as the framework. A paused leader, resumed, takes its CP seat back so
 * that the cluster survives the next crash; five crashes of whichever master leads, while a
 * scheduler launches hundreds of short tasks, lose no task, launch none twice, never move an
 * update backwards and never let two masters lead at once. Both share one cluster: each test
 * leaves it with three seated masters. Failover times go to {@code process-logs/faults.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderFaultsTest {
  static final Duration START = Duration.ofSeconds(120);
  /** The bound the issue sets: a leader again within 10 s of losing one. */
  static final Duration FAILOVER = Duration.ofSeconds(10);
  static final Duration SEATED = Duration.ofSeconds(90);
  static final String AGENT_RESOURCES = "cpus:4;mem:2048;disk:1024";
  static final Duration PAUSE = Duration.ofSeconds(20);
  static final Duration PAUSED_FAILOVER = Duration.ofSeconds(60);
  /** What a master logs when it leaves the cluster to take its CP seat back. */
  static final String REJOINED = "rejoining the cluster as a new member";

  /** Each start (a rerun of a failed test starts again) keeps its own process logs. */
  static final AtomicInteger STARTS = new AtomicInteger();

  @TempDir static Path dir;
  ProcessCluster cluster;
  Vertx vertx;

  @BeforeAll
  void start() throws Exception {
    // The shipped member timeout and CP session TTL: these are what the suite checks.
    cluster = new ProcessCluster(dir, "faults-" + STARTS.incrementAndGet(), 3, "--agent-ping-interval", "500ms", "--max-missed-pings", "10",
        "--agent-reregister-timeout", "60s");
    cluster.awaitLeader(START);
    cluster.startAgent("agent-1", AGENT_RESOURCES);
    cluster.startAgent("agent-2", AGENT_RESOURCES);
    vertx = cluster.frameworkVertx();
    cluster.awaitFullCpGroups(SEATED);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
      TaskProcesses.killAll(cluster.dir.resolve("agent-1"));
      TaskProcesses.killAll(cluster.dir.resolve("agent-2"));
    }
  }

  @Test
  @Order(1)
  void pausedLeaderTakesItsSeatBackAndTheClusterSurvivesTheNextCrash() throws Exception {
    int paused = cluster.awaitLeader(START);
    cluster.signalMaster(paused, "STOP");
    long stoppedAt = System.nanoTime();
    int next;
    double pausedFailover;
    try {
      // Not one of the suite's bounds: measured 8.8 to 19.8 s on a loaded 2-core machine (the
      // lock goes only after a new Raft leader and the CP session TTL, and the new leader's
      // first reads wait for the frozen member to be declared dead); recorded, bounded loosely.
      next = cluster.awaitLeader(PAUSED_FAILOVER);
      pausedFailover = seconds(stoppedAt);
      assertNotEquals(paused, next);
      // Paused well past member_timeout + the missing-member auto-removal (6 + 8 s): the others
      // drop it from the CP groups, and it must take its seat back.
      sleepUntil(stoppedAt + PAUSE.toNanos());
    } finally {
      cluster.signalMaster(paused, "CONT");
    }
    long resumedAt = System.nanoTime();
    cluster.awaitFullCpGroups(SEATED);
    assertTrue(cluster.master(paused).logContains(REJOINED), "the paused master was not dropped from the CP groups");
    double reseated = seconds(resumedAt);

    int leader = cluster.awaitLeader(FAILOVER);
    cluster.master(leader).kill9();
    long killedAt = System.nanoTime();
    int after = cluster.awaitLeader(FAILOVER);
    double crashFailover = seconds(killedAt);
    record(String.format("SIGSTOP of leader master-%d for %d s: master-%d led after %.2f s; resumed, master-%d held "
        + "its CP seat again after %.2f s; kill -9 of leader master-%d: master-%d led after %.2f s",
        paused, PAUSE.toSeconds(), next, pausedFailover, paused, reseated, leader, after, crashFailover));
    assertNotEquals(leader, after);

    cluster.startMaster(leader);
    cluster.awaitFullCpGroups(SEATED);
  }

  @Test
  @Order(2)
  void fiveLeaderCrashesDuringALaunchStormLoseNothing() throws Exception {
    int taskCount = 300;
    int kills = 5;
    Path launches = dir.resolve("launches");
    Files.createDirectories(launches);
    List<String> ids = IntStream.range(0, taskCount).mapToObj(i -> "storm-" + i).toList();
    // Each run of a task leaves a line: a task launched twice leaves two.
    String command = "echo run >> " + launches + "/$MEZZO_TASK_ID; sleep 1";
    BatchFramework framework = new BatchFramework(vertx, "storm", 300, ids, command, "cpus:0.25;mem:32");
    framework.subscribe(vertx);
    DualLeaderWatch watch = new DualLeaderWatch(cluster.httpPorts());
    watch.start();
    List<String> failovers = new ArrayList<>();
    try {
      for (int kill = 0; kill < kills; kill++) {
        int finishedBefore = (kill + 1) * taskCount / (kills + 2);
        awaitBounded("tasks finished before kill " + (kill + 1), Duration.ofSeconds(120),
            () -> terminal(framework, ids) >= finishedBefore);
        int leader = cluster.awaitLeader(FAILOVER);
        cluster.master(leader).kill9();
        long killedAt = System.nanoTime();
        int next = cluster.awaitLeader(FAILOVER);
        failovers.add(String.format("%.2f", seconds(killedAt)));
        assertNotEquals(leader, next);
        cluster.startMaster(leader);
        cluster.awaitFullCpGroups(SEATED);
      }
      awaitBounded("every task ended", Duration.ofSeconds(180), () -> terminal(framework, ids) == taskCount);
    } finally {
      watch.stop();
      record("5 kill -9s of the leader during " + taskCount + " tasks: a leader again after " + String.join(", ", failovers)
          + " s; " + watch.rounds.get() + " health polls of all masters, " + watch.dual.get() + " with two leaders");
    }

    assertEquals(0, watch.dual.get(), "two masters answered /master/health 200 in one poll");
    // Runs by task ID; a job relaunched after the master called its launch lost has several.
    Map<String, Long> runs = countRuns(launches);
    Map<String, Long> runsOfJob = runs.entrySet().stream()
        .collect(Collectors.groupingBy(e -> java.util.Objects.requireNonNullElse(framework.jobOf(e.getKey()), e.getKey()), Collectors.summingLong(Map.Entry::getValue)));
    List<String> twice = runsOfJob.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), twice, "tasks launched more than once");
    for (String id : ids) {
      List<String> attempts = framework.attempts(id);
      assertTrue(!attempts.isEmpty(), id + " was never launched");
      for (String taskId : attempts) {
        List<TaskStatus> updates = framework.updatesOfTask(taskId);
        assertTrue(updates.stream().anyMatch(s -> TaskStates.isTerminal(s.getState())), taskId + " has no terminal update");
        assertForward(taskId, updates);
        if (updates.stream().anyMatch(s -> s.getState() == TaskState.TASK_LOST)) {
          assertEquals(0L, runs.getOrDefault(taskId, 0L), taskId + " ran after it was reported lost: " + states(updates));
        }
      }
    }
  }

  /** No update moves a task back: staging, starting, running, then one terminal state. */
  private static void assertForward(String id, List<TaskStatus> updates) {
    int rank = -1;
    TaskState terminal = null;
    for (TaskStatus status : updates) {
      TaskState state = status.getState();
      if (terminal != null) {
        assertEquals(terminal, state, id + " went from " + terminal + " to " + state + ": " + states(updates));
        continue;
      }
      int next = rank(state);
      assertTrue(next >= rank, id + " went back to " + state + " in " + states(updates));
      rank = next;
      if (TaskStates.isTerminal(state)) {
        terminal = state;
      }
    }
  }

  private static int rank(TaskState state) {
    return switch (state) {
      case TASK_STAGING -> 0;
      case TASK_STARTING -> 1;
      case TASK_RUNNING, TASK_KILLING, TASK_UNREACHABLE -> 2;
      default -> 3;
    };
  }

  private static String states(List<TaskStatus> updates) {
    return updates.stream().map(s -> s.getState().name() + " (" + s.getSource() + ", " + s.getReason() + ", "
        + s.getMessage() + ", agent " + s.getAgentId().getValue() + ")").collect(Collectors.joining(" > "));
  }

  private static Map<String, Long> countRuns(Path launches) throws IOException {
    try (var files = Files.list(launches)) {
      return files.collect(Collectors.toMap(f -> f.getFileName().toString(), f -> {
        try {
          return Files.readAllLines(f).stream().filter(l -> l.equals("run")).count();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
  }

  private static long terminal(BatchFramework framework, List<String> ids) {
    return ids.stream().map(framework::latest).filter(s -> s != null && TaskStates.isTerminal(s)).count();
  }

  private static void awaitBounded(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      sleepUntil(System.nanoTime() + Duration.ofMillis(200).toNanos());
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void sleepUntil(long nanos) {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void record(String line) throws IOException {
    Path report = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).resolve("faults.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, java.time.Instant.now() + " " + line + System.lineSeparator(),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Polls {@code /master/health} of every master at once, over and over, and counts the polls
   * in which two answered 200: two masters acting as leader at the same moment.
   */
  static final class DualLeaderWatch {
    final AtomicInteger rounds = new AtomicInteger();
    final AtomicInteger dual = new AtomicInteger();
    private final int[] ports;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(500)).build();
    private final Thread thread = new Thread(this::poll, "dual-leader-watch");

    DualLeaderWatch(int[] ports) {
      this.ports = ports;
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    private void poll() {
      while (running.get()) {
        List<CompletableFuture<Integer>> answers = IntStream.of(ports).mapToObj(this::health).toList();
        long leaders = answers.stream().map(CompletableFuture::join).filter(status -> status == 200).count();
        rounds.incrementAndGet();
        if (leaders > 1) {
          dual.incrementAndGet();
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private CompletableFuture<Integer> health(int port) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ProcessCluster.HOST + ":" + port + "/master/health"))
          .timeout(Duration.ofSeconds(1)).build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
          .exceptionally(error -> -1);
    }
  }
}
