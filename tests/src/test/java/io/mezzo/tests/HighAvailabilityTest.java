package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.testing.Await;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters electing a leader through Hazelcast's CP subsystem, two agents, and this JVM
 * as the framework, all on loopback. Each test starts a cluster of its own, breaks masters the
 * way machines break and checks that nothing is lost.
 */
class HighAvailabilityTest {
  static final Duration ELECTION = Duration.ofSeconds(120);
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String AGENT_RESOURCES = "cpus:4;mem:2048;disk:1024";

  @TempDir Path dir;
  ProcessCluster cluster;
  Vertx vertx;
  Path report;

  @BeforeEach
  void start(TestInfo test) throws Exception {
    // Six JVMs and fifty tasks share two cores here: a member that merely goes quiet for a few
    // seconds (while the cluster's oldest member, often the leader, is stopped and another
    // takes over its role) must not be taken for dead. A crashed member is noticed at once
    // anyway, by its refused connections, and its lock goes after the CP session TTL.
    cluster = new ProcessCluster(dir, test.getTestMethod().orElseThrow().getName(), 3,
        "--agent-ping-interval", "500ms", "--max-missed-pings", "6", "--agent-reregister-timeout", "30s",
        "--member-timeout", "10s");
    cluster.awaitLeader(ELECTION);
    cluster.startAgent("agent-1", AGENT_RESOURCES);
    cluster.startAgent("agent-2", AGENT_RESOURCES);
    vertx = cluster.frameworkVertx();
    report = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).resolve("high-availability.txt");
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
      TaskProcesses.killAll(cluster.dir.resolve("agent-1"));
      TaskProcesses.killAll(cluster.dir.resolve("agent-2"));
    }
  }

  @Test
  void killedLeaderIsReplacedAndEveryTaskEnds() throws Exception {
    List<String> ids = IntStream.range(0, 50).mapToObj(i -> "batch-" + i).toList();
    BatchFramework framework = new BatchFramework(vertx, "batch", 60, ids, "sleep 3", "cpus:0.25;mem:32");
    framework.subscribe(vertx);
    Await.until("a few tasks done and more running", WAIT,
        () -> count(framework, ids, TaskState.TASK_FINISHED) >= 5 && count(framework, ids, TaskState.TASK_RUNNING) >= 5);

    int leader = cluster.leader();
    long epoch = cluster.epoch(leader);
    cluster.master(leader).kill9();
    long killedAt = System.nanoTime();
    int next = cluster.awaitLeader(Duration.ofSeconds(60));
    double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
    long nextEpoch = cluster.epoch(next);
    Files.writeString(report, String.format("leader killed: master-%d (epoch %d) replaced by master-%d (epoch %d) after %.2f s%n",
        leader, epoch, next, nextEpoch, failoverSeconds), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    assertNotEquals(leader, next);
    assertTrue(nextEpoch > epoch, "epoch " + nextEpoch + " after " + epoch);

    Await.until("every task finished", Duration.ofSeconds(150),
        () -> count(framework, ids, TaskState.TASK_FINISHED) == ids.size());
    for (String id : ids) {
      for (TaskStatus status : framework.updates(id)) {
        assertTrue(status.getState() == TaskState.TASK_RUNNING || status.getState() == TaskState.TASK_FINISHED,
            id + " went through " + status.getState() + " (" + status.getReason() + ": " + status.getMessage() + ")");
      }
    }
    assertTrue(framework.subscriptions.get() >= 2, "the client followed the new leader");
  }

  @Test
  void stoppedLeaderDoesNotLeadAgainWhenItResumes() throws Exception {
    List<String> ids = List.of("long-1", "long-2");
    BatchFramework framework = runningSleepers("paused", 60, ids);

    int leader = cluster.awaitLeader(ELECTION);
    long epoch = cluster.epoch(leader);
    cluster.signalMaster(leader, "STOP");
    int next;
    try {
      next = cluster.awaitLeader(Duration.ofSeconds(60));
      assertNotEquals(leader, next);
      assertTrue(cluster.epoch(next) > epoch);
      Thread.sleep(2000); // well past the stopped leader's CP session
    } finally {
      cluster.signalMaster(leader, "CONT");
    }
    // Resumed, it finds its lock gone and stays a follower.
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      assertNotEquals(200, cluster.healthStatus(leader), "the resumed master acts as leader again");
      Thread.sleep(250);
    }
    assertEquals(next, cluster.leader());
    for (String id : ids) {
      assertEquals(TaskState.TASK_RUNNING, framework.latest(id), id + " is undisturbed");
    }

    // Whatever the deposed master might still send, agents refuse its epoch; the same
    // message with the new leader's epoch is obeyed.
    String victim = ids.get(0);
    killAsMaster(framework, victim, epoch);
    Thread.sleep(3000);
    assertEquals(TaskState.TASK_RUNNING, framework.latest(victim), "a kill stamped with the deposed epoch was obeyed");
    killAsMaster(framework, victim, cluster.epoch(next));
    Await.until(victim + " killed by the current epoch", WAIT, () -> framework.latest(victim) == TaskState.TASK_KILLED);
  }

  /** Sends the task's agent a KILL_TASK as a master of {@code epoch} would. */
  private void killAsMaster(BatchFramework framework, String taskId, long epoch) {
    TaskStatus running = framework.updates(taskId).get(0);
    AgentEvent kill = AgentEvent.newBuilder().setType(AgentEvent.Type.KILL_TASK)
        .setKillTask(AgentEvent.KillTask.newBuilder()
            .setFrameworkId(framework.client().frameworkId())
            .setTaskId(running.getTaskId()))
        .build();
    vertx.eventBus().send(Addresses.agent(running.getAgentId().getValue()), kill,
        new DeliveryOptions().addHeader(Headers.EPOCH, Long.toString(epoch)));
  }

  @Test
  void losingTwoOfThreeMastersStopsWritesAndLosesNothing() throws Exception {
    List<String> ids = List.of("kept-1", "kept-2");
    BatchFramework framework = runningSleepers("kept", 300, ids);
    int leader = cluster.awaitLeader(ELECTION);
    long epoch = cluster.epoch(leader);
    int other = (leader + 1) % 3;
    int survivor = (leader + 2) % 3;

    cluster.master(leader).kill9();
    cluster.master(other).kill9();
    long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
    while (System.nanoTime() < until) {
      assertNotEquals(200, cluster.healthStatus(survivor), "a master without a majority must not lead");
      Thread.sleep(250);
    }
    Throwable refused = Await.failure(framework.client().suppress());
    assertTrue(Failure.of(refused) == Failure.NO_REPLY || Failure.of(refused) == Failure.BAD_REQUEST
        || Failure.of(refused) == Failure.UNAVAILABLE, "no leader accepts writes: " + refused);

    cluster.startMaster(leader);
    cluster.startMaster(other);
    int next = cluster.awaitLeader(ELECTION);
    assertTrue(cluster.epoch(next) > epoch, "a higher epoch after the majority came back");
    Await.until("the running tasks are in the new leader's state", WAIT, () -> {
      try {
        JsonArray tasks = cluster.getJson(next, "/master/tasks").getJsonArray("tasks");
        return ids.stream().allMatch(id -> tasks.stream().map(JsonObject.class::cast)
            .anyMatch(t -> t.getString("id").equals(id) && t.getString("state").equals("TASK_RUNNING")));
      } catch (IOException | InterruptedException | AssertionError e) {
        return false;
      }
    });
    for (String id : ids) {
      assertTrue(framework.updates(id).stream().noneMatch(s -> s.getState() == TaskState.TASK_LOST),
          id + " was never reported lost");
    }
    Await.until("the framework is subscribed again", WAIT, () -> framework.subscriptions.get() >= 2);
  }

  /** A framework whose tasks {@code ids} (long sleeps) all run. */
  private BatchFramework runningSleepers(String name, double failoverTimeout, List<String> ids) {
    BatchFramework framework = new BatchFramework(vertx, name, failoverTimeout, ids, "sleep 600", "cpus:0.25;mem:32");
    framework.subscribe(vertx);
    Await.until(name + " tasks running", WAIT, () -> count(framework, ids, TaskState.TASK_RUNNING) == ids.size());
    return framework;
  }

  private static long count(BatchFramework framework, List<String> ids, TaskState state) {
    return ids.stream().filter(id -> framework.latest(id) == state).count();
  }
}
