package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on an agent with cgroups isolation, real processes and the host's real cgroups v1:
 * a memory hog is OOM-killed and reported as a memory limitation, a busy loop gets its CFS
 * quota, a fork bomb hits the pids limit, a task past its disk is killed, tasks run as
 * their user, and an agent restart keeps the limits.
 */
@ExtendWith(VertxExtension.class)
class IsolationEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
  static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");
  static final String HOG = "python3 -c \"b = b'x' * (300 * 1024 * 1024); import time; time.sleep(30)\"";

  @BeforeEach
  void needCgroups() {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups isolation needs root");
    Assumptions.assumeTrue(Files.isWritable(MEMORY) && Files.isDirectory(CPUACCT),
        "no writable cgroup v1 memory and cpuacct hierarchies on this host");
  }

  static JsonObject isolatedAgent() {
    return new JsonObject()
        .put("resources", "cpus:4;mem:2048;disk:1000")
        .put("isolation", "cgroups/cpu,cgroups/mem,cgroups/pids,disk/du")
        .put("switch_user", true)
        .put("cgroups_enable_cfs", true)
        .put("cgroups_pids_limit", 64)
        .put("enforce_container_disk_quota", true)
        .put("container_disk_watch_interval", "500ms");
  }

  static TaskInfo task(String id, Offer offer, String command, String resources, String user) {
    TaskInfo task = TestFramework.task(id, offer, command, resources);
    return task.toBuilder().setCommand(task.getCommand().toBuilder().setUser(user)).build();
  }

  static Path runCgroup(Path hierarchy, Path sandbox) {
    return hierarchy.resolve("mezzo").resolve(sandbox.getFileName().toString());
  }

  @Test
  void memoryHogIsKilledAsAMemoryLimitationAndItsNeighbourLivesOn(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "isolated");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          task("hog", offer, HOG, "cpus:0.5;mem:32", "nobody"),
          task("neighbour", offer, "sleep 600", "cpus:0.5;mem:32", "nobody")), 0);
      JsonObject flags = new JsonObject(java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(
              "http://" + LocalCluster.HOST + ":" + cluster.agent(0).httpPort() + "/flags")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      assertEquals("cgroups/cpu,cgroups/mem,cgroups/pids,disk/du", flags.getJsonObject("isolation").getString("active"));
      assertEquals("v1", flags.getJsonObject("isolation").getString("cgroups"));
      assertEquals("true", flags.getJsonObject("flags").getString("cgroups_enable_cfs"));
      TaskStatus failed = framework.awaitState("hog", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, failed.getReason(), failed.toString());
      assertTrue(failed.getMessage().startsWith("Memory limit exceeded: Requested: 32MB"), failed.getMessage());
      assertEquals("mem", failed.getLimitation().getResources(0).getName());
      assertEquals(TaskState.TASK_RUNNING, framework.latestState("neighbour"));
      assertTrue(cluster.agent(0).registered(), "the agent is unharmed");
      Path hogCgroup = runCgroup(MEMORY, cluster.sandbox(0, "hog"));
      Await.until("the hog's cgroup is removed", WAIT, () -> !Files.exists(hogCgroup));
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void aStartingAgentRemovesOldEmptyLeftoverCgroupsOnly(Vertx vertx, @TempDir Path dir) throws Exception {
    Path old = MEMORY.resolve("mezzo").resolve("leftover-" + System.nanoTime());
    Path young = MEMORY.resolve("mezzo").resolve("young-" + System.nanoTime());
    Files.createDirectories(old);
    Files.createDirectories(young);
    try {
      Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
      try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
        cluster.addAgent(isolatedAgent());
        assertFalse(Files.exists(old), "an hour-old empty cgroup is a leftover");
        assertTrue(Files.exists(young), "a new one may be a run about to start");
      }
    } finally {
      Files.deleteIfExists(old);
      Files.deleteIfExists(young);
    }
  }

  @Test
  void cfsQuotaHoldsABusyLoopNearItsCpus(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "cpu");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(task("busy", offer, "while :; do :; done", "cpus:0.1;mem:32", "nobody")), 0);
      framework.awaitState("busy", TaskState.TASK_RUNNING, WAIT);
      Path usage = runCgroup(CPUACCT, cluster.sandbox(0, "busy")).resolve("cpuacct.usage");
      long before = Long.parseLong(Files.readString(usage).strip());
      long start = System.nanoTime();
      Thread.sleep(3000);
      long used = Long.parseLong(Files.readString(usage).strip()) - before;
      double share = used / (double) (System.nanoTime() - start);
      assertTrue(share > 0.01 && share < 0.35, "the busy loop used " + share + " of a core with cpus:0.1");
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void forkBombIsContainedByThePidsLimit(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "bomb");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          task("bomb", offer, "bomb() { bomb | bomb & }; bomb; sleep 600", "cpus:0.5;mem:256", "nobody"),
          task("after", offer, "sleep 2; echo fine", "cpus:0.5;mem:32", "nobody")), 0);
      framework.awaitState("bomb", TaskState.TASK_RUNNING, WAIT);
      Path pids = Path.of("/sys/fs/cgroup/pids/mezzo").resolve(cluster.sandbox(0, "bomb").getFileName().toString());
      // pids.events counts the forks the limit refused.
      Await.until("the bomb hits its limit", WAIT, () -> refusedForks(pids) > 0);
      assertTrue(current(pids) <= 64, "at most the limit: " + current(pids));
      // The agent keeps serving: another task runs to its end, and the bomb can be killed.
      framework.awaitState("after", TaskState.TASK_FINISHED, WAIT);
      Await.result(framework.client().kill(TaskID.newBuilder().setValue("bomb").build(),
          AgentID.newBuilder().setValue(cluster.agent(0).agentId()).build()));
      framework.awaitState("bomb", TaskState.TASK_KILLED, WAIT);
      Await.until("the bomb's cgroup is emptied and removed", WAIT, () -> !Files.exists(pids));
      Await.result(framework.client().teardown());
    }
  }

  static long refusedForks(Path pids) {
    try {
      return Long.parseLong(Files.readString(pids.resolve("pids.events")).strip().split("\\s+")[1]);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  static long current(Path pids) {
    try {
      return Long.parseLong(Files.readString(pids.resolve("pids.current")).strip());
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void taskWritingPastItsDiskIsKilledAsADiskLimitation(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "disk");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(task("writer", offer, "head -c 8000000 /dev/zero > big; sleep 600",
          "cpus:0.5;mem:64;disk:2", "nobody")), 0);
      TaskStatus failed = framework.awaitState("writer", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK, failed.getReason(), failed.toString());
      assertTrue(failed.getMessage().startsWith("Disk usage ("), failed.getMessage());
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void tasksRunAsTheirUserAndAnUnknownUserFailsCleanly(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "users");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          task("who", offer, "id -u", "cpus:0.5;mem:32", "nobody"),
          task("ghost", offer, "id -u", "cpus:0.5;mem:32", "no-such-user-15"),
          task("root", offer, "id -u", "cpus:0.5;mem:32", "root")), 0);
      framework.awaitState("who", TaskState.TASK_FINISHED, WAIT);
      Path sandbox = cluster.sandbox(0, "who");
      assertEquals("65534", Files.readString(sandbox.resolve("stdout"), StandardCharsets.UTF_8).strip());
      assertEquals(65534, Files.getAttribute(sandbox, "unix:uid"));
      assertEquals(0, Files.getAttribute(sandbox.resolve(".mezzo"), "unix:uid"), "the monitor's files stay the agent's");

      TaskStatus ghost = framework.awaitState("ghost", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, ghost.getReason());
      assertTrue(ghost.getMessage().contains("'no-such-user-15': no such user"), ghost.getMessage());
      TaskStatus root = framework.awaitState("root", TaskState.TASK_FAILED, WAIT);
      assertTrue(root.getMessage().contains("allow_root_tasks"), root.getMessage());
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void restartedAgentRecoversTheCgroupAndItsLimitsHold(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, AgentRecoveryTest.patientMaster(dir))) {
      cluster.addAgent(isolatedAgent());
      TestFramework framework = new TestFramework(vertx, "recovering");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      // In the sandbox: the test's temporary directory is not nobody's to look into.
      framework.launch(offer, List.of(task("later", offer, "while [ ! -e go ]; do sleep 0.2; done; " + HOG,
          "cpus:0.5;mem:32", "nobody")), 0);
      framework.awaitState("later", TaskState.TASK_RUNNING, WAIT);
      Path cgroup = runCgroup(MEMORY, cluster.sandbox(0, "later"));
      assertTrue(Files.isDirectory(cgroup), "the run has its cgroup");

      cluster.stopAgent(0);
      assertTrue(Files.isDirectory(cgroup), "the cgroup outlives the agent");
      cluster.restartAgent(0);
      Files.createFile(cluster.sandbox(0, "later").resolve("go"));
      TaskStatus failed = framework.awaitState("later", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, failed.getReason(), failed.toString());
      Await.until("the recovered cgroup is removed", WAIT, () -> !Files.exists(cgroup));
      Await.result(framework.client().teardown());
    }
  }
}
