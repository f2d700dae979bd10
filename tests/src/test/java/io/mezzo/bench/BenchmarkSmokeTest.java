package io.mezzo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark at tiny sizes, so that none can rot unnoticed. It checks that each one runs
 * and measures something, never how fast: speed is the full suite's business.
 */
class BenchmarkSmokeTest {
  @Test
  void everyBenchmarkRunsAndTheReportHasEveryFigure() throws Exception {
    BenchPlan plan = BenchPlan.smoke();
    Path work = Files.createDirectories(Path.of("target", "bench-smoke"));
    BenchResults results = BenchmarkSuite.run(plan, work);

    assertEquals(plan.allocator().shapes().size(), results.allocator().size());
    for (AllocatorBench.Figures figure : results.allocator()) {
      assertTrue(figure.addAgents() > 0 && figure.declineCycle() > 0 && figure.fullScanCycle() > 0
          && figure.idleCycle() > 0, figure.toString());
    }
    BenchResults.LaunchRun launch = results.launch().get(0);
    assertEquals(plan.launchTasks(), launch.run().tasks());
    assertEquals(plan.launchTasks(), launch.run().acceptToRunningNanos().length, "every task's launch was timed");
    assertTrue(launch.forkPerSecondOneThread() > 0 && launch.forkPerSecondParallel() > 0 && launch.executorPerSecond() > 0);
    assertEquals(plan.simulatedAgents().size(), results.simulated().size());
    for (SimulatedBench.Result simulated : results.simulated()) {
      assertEquals(plan.simulatedTasks(), simulated.run().tasks());
      assertTrue(simulated.run().tasksPerSecond() > 0);
    }
    EventBusBench.Result bus = results.eventBus().get(0);
    assertTrue(bus.sequentialPerSecond() > 0 && bus.pipelinedPerSecond() > 0 && bus.p99Micros() >= bus.p50Micros());

    Path report = work.resolve("benchmarks.md");
    BenchmarkSuite.write(report, plan, results, "BenchmarkSmokeTest");
    String markdown = Files.readString(report);
    for (String section : new String[] {"## Machine", "## 1. Allocator", "## 2. End-to-end launch rate",
        "## 3. End-to-end rate with simulated agents", "## 4. Clustered event bus", "How it grows"}) {
      assertTrue(markdown.contains(section), "the report has " + section);
    }
  }
}
