package io.mezzo.bench;

import java.util.List;

/**
 * Everything a run of the suite measured; a benchmark that did not run has an empty list or
 * a null figure.
 *
 * @param allocator one entry per shape
 * @param launch one entry per run
 * @param simulated one entry per size and run
 * @param eventBus one entry per run
 */
record BenchResults(
    Machine machine,
    double loadBefore,
    double loadAfter,
    List<AllocatorBench.Figures> allocator,
    List<LaunchRun> launch,
    List<SimulatedBench.Result> simulated,
    List<EventBusBench.Result> eventBus) {

  /**
   * One end-to-end run with real processes and the rates without Mezzo measured right after it.
   *
   * @param forkPerSecondOneThread /bin/true forked, exec'd and reaped one at a time
   * @param forkPerSecondParallel the same from as many threads as the machine has cores
   * @param executorPerSecond /bin/true run by the command executor alone, to its recorded exit
   */
  record LaunchRun(BenchFramework.Result run, double forkPerSecondOneThread, double forkPerSecondParallel,
      double executorPerSecond) {}
}
