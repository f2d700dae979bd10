package io.mezzo.bench;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.SimulatedAgents;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The master and allocator at scale: a framework launches tasks on many simulated agents
 * ({@link SimulatedAgents}: the internal protocol, no processes; a task runs and finishes at
 * once), all in this JVM on one Vert.x.
 */
final class SimulatedBench {
  /** Eight tasks fit on an agent at once. */
  static final String AGENT = "cpus:8;mem:16384";
  static final String TASK = "cpus:1;mem:128";
  /** Simulated agents per verticle, so that they spread over the event loops. */
  static final int AGENTS_PER_GROUP = 2_500;

  /**
   * @param heapBytes heap in use after the run, after a full GC, less what was in use before
   *     the master started: the master, its allocator and state, the simulated agents and
   *     the framework
   */
  record Result(int agents, BenchFramework.Result run, long heapBytes) {}

  private SimulatedBench() {}

  static Result run(int agents, int tasks, Path workDir) throws Exception {
    Path dir = Files.createTempDirectory(workDir, "simulated-");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    Vertx vertx = Vertx.vertx();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, master(dir))) {
      for (int first = 0; first < agents; first += AGENTS_PER_GROUP) {
        int count = Math.min(AGENTS_PER_GROUP, agents - first);
        Await.result(vertx.deployVerticle(new SimulatedAgents("sim" + first, count, AGENT)), LaunchBench.timeout(agents));
      }
      BenchFramework.Result run =
          Await.result(new BenchFramework(vertx, tasks, "true", TASK).run("simulated-bench"), LaunchBench.timeout(tasks));
      long heap = usedAfterGc(memory) - before;
      return new Result(agents, run, heap);
    } finally {
      Await.result(vertx.close());
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Pings and heartbeats at production pace: 10,000 agents pinged every 200 ms would be a benchmark of pings. */
  static JsonObject master(Path dir) {
    return LaunchBench.master(dir).put("allocation_interval", "1s");
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
