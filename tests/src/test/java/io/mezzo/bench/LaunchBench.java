package io.mezzo.bench;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tasks of {@code /bin/true} through the whole pipeline on this machine: a framework, the
 * master and its allocator, one real agent and its command executor (a monitor shell in a
 * session of its own per task, sandbox files, status updates logged to disk), to
 * TASK_FINISHED.
 */
final class LaunchBench {
  /** Room for 640 tasks at once: the machine's CPUs, not the agent's, bound the rate. */
  static final String AGENT = "cpus:64;mem:65536;disk:100000";
  static final String TASK = "cpus:0.1;mem:32";

  private LaunchBench() {}

  static BenchFramework.Result run(int tasks, Path workDir) throws Exception {
    Path dir = Files.createTempDirectory(workDir, "launch-");
    Vertx vertx = Vertx.vertx();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, master(dir), AGENT)) {
      return Await.result(new BenchFramework(vertx, tasks, "/bin/true", TASK).run("launch-bench"), timeout(tasks));
    } finally {
      Await.result(vertx.close());
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** The test cluster's settings, with pings and heartbeats at production pace. */
  static JsonObject master(Path dir) {
    return LocalCluster.fastMaster(dir).put("agent_ping_interval", "15s").put("heartbeat_interval", "15s");
  }

  static Duration timeout(int tasks) {
    return Duration.ofSeconds(60 + tasks / 5);
  }
}
