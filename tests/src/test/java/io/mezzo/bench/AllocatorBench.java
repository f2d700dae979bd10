package io.mezzo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link AllocatorBenchmarks} through JMH for each shape and reads back the medians. */
final class AllocatorBench {
  /**
   * The medians, in milliseconds, for one shape.
   *
   * @param addAgents adding every agent (with the tasks on it) to an allocator with the frameworks
   * @param declineCycle a cycle of Mesos's loop, where every framework declines every offer
   * @param fullScanCycle a cycle where every framework has refused every agent
   * @param idleCycle a cycle of the same cluster when nothing changed since the last one
   */
  record Figures(DeclineOffersShape shape, double addAgents, double declineCycle, double fullScanCycle,
      double idleCycle) {}

  /**
   * How JMH runs each benchmark.
   *
   * @param forks fresh JVMs per benchmark and shape; 0 runs in this JVM (smoke runs)
   * @param warmups iterations not counted; for the decline cycle, the first rounds of the loop
   * @param iterations iterations measured; the median of them (over every fork) is reported
   * @param heap the forks' -Xmx: the refusals of 10,000 agents x 3,000 frameworks are 30 million filters
   * @param iterationTime how long an iteration of a repeated (not single-shot) benchmark lasts
   */
  record Plan(List<String> shapes, int forks, int warmups, int iterations, String heap, Duration iterationTime) {}

  private AllocatorBench() {}

  static List<Figures> run(Plan plan) throws RunnerException {
    Map<String, Double> addAgents = medians("addAgents", plan);
    Map<String, Double> declineCycle = medians("declineCycle", plan);
    Map<String, Double> fullScanCycle = medians("fullScanCycle", plan);
    Map<String, Double> idleCycle = medians("idleCycle", plan);
    List<Figures> figures = new ArrayList<>();
    for (String shape : plan.shapes()) {
      figures.add(new Figures(DeclineOffersShape.parse(shape), addAgents.get(shape), declineCycle.get(shape),
          fullScanCycle.get(shape), idleCycle.get(shape)));
    }
    return figures;
  }

  /** The median time of one benchmark method, by shape. */
  private static Map<String, Double> medians(String benchmark, Plan plan) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(AllocatorBenchmarks.class.getName() + "." + benchmark + "$")
        .param("shape", plan.shapes().toArray(String[]::new))
        .forks(plan.forks())
        .warmupIterations(plan.warmups())
        .measurementIterations(plan.iterations())
        .warmupTime(TimeValue.milliseconds(plan.iterationTime().toMillis()))
        .measurementTime(TimeValue.milliseconds(plan.iterationTime().toMillis()))
        .shouldFailOnError(true);
    if (plan.forks() > 0) {
      options.jvmArgsAppend("-Xmx" + plan.heap());
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, Double> medians = new LinkedHashMap<>();
    for (RunResult result : results) {
      medians.put(result.getParams().getParam("shape"), result.getPrimaryResult().getStatistics().getPercentile(50));
    }
    return medians;
  }
}
