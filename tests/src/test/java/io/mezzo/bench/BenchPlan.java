package io.mezzo.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a run of the suite measures, and how often.
 *
 * @param allocator the allocator shapes and JMH's iterations
 * @param launchTasks real {@code /bin/true} tasks per end-to-end run
 * @param forkProcesses processes per raw fork/exec measurement
 * @param simulatedAgents the cluster sizes of the simulated-agent runs
 * @param simulatedTasks tasks per simulated-agent run
 * @param eventBusEach how long each event-bus figure is measured
 * @param runs runs of each end-to-end figure; the report gives their median
 * @param only which benchmarks run: allocator, launch, simulated, eventbus
 */
record BenchPlan(
    AllocatorBench.Plan allocator,
    int launchTasks,
    int forkProcesses,
    List<Integer> simulatedAgents,
    int simulatedTasks,
    Duration eventBusEach,
    int runs,
    Set<String> only) {

  static final Set<String> ALL = Set.of("allocator", "launch", "simulated", "eventbus");

  /** The full suite: Mesos's shapes and the sizes the issue names. */
  static BenchPlan full(int runs, Set<String> only) {
    return new BenchPlan(
        new AllocatorBench.Plan(List.of("1000x50", "10000x1000", "10000x3000"), runs, 5, 5, "4g", Duration.ofSeconds(1)),
        500, 500, List.of(100, 1_000, 10_000), 20_000, Duration.ofSeconds(5), runs, only);
  }

  /** Every benchmark at tiny sizes, in this JVM: it proves they run, not how fast. */
  static BenchPlan smoke() {
    return new BenchPlan(
        new AllocatorBench.Plan(List.of("20x3", "40x5"), 0, 1, 2, null, Duration.ofMillis(50)),
        8, 8, List.of(5, 20), 60, Duration.ofMillis(300), 1, ALL);
  }

  boolean runs(String benchmark) {
    return only.contains(benchmark);
  }
}
