package io.mezzo.bench;

import io.mezzo.allocator.AllocationDecision;
import io.mezzo.allocator.Allocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The allocator core in Mesos's DeclineOffers shapes ({@link DeclineOffersShape}), mostly
 * timed one operation at a time ({@link Mode#SingleShotTime}): each is long (milliseconds to
 * seconds) and changes the state the next one starts from, so it is measured once per
 * iteration.
 * {@link AllocatorBench} runs these and picks the shapes.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AllocatorBenchmarks {
  /** An allocator with the frameworks only, fresh for every iteration. */
  @State(Scope.Benchmark)
  public static class Frameworks {
    @Param("1000x50")
    public String shape;
    DeclineOffersShape cluster;
    Allocator allocator;

    @Setup(Level.Iteration)
    public void setUp() {
      cluster = DeclineOffersShape.parse(shape);
      allocator = cluster.withFrameworks();
    }
  }

  /**
   * Mesos's loop: the whole cluster, its first offers made once per trial; before each timed
   * cycle every framework declines, for good, everything it was offered in the one before.
   * Successive iterations are successive rounds of that loop.
   */
  @State(Scope.Benchmark)
  public static class Declining {
    @Param("1000x50")
    public String shape;
    Allocator allocator;
    List<AllocationDecision> offers;

    @Setup(Level.Trial)
    public void setUp() {
      allocator = DeclineOffersShape.parse(shape).cluster();
      offers = allocator.allocate();
    }

    @Setup(Level.Invocation)
    public void decline() {
      DeclineOffersShape.declineAll(allocator, offers);
    }
  }

  /**
   * Where Mesos's loop ends: every framework has refused every agent. Before each timed
   * cycle a framework is activated again, which makes the allocator look at every agent
   * anew, so the cycle checks every (agent, framework) pair and offers nothing.
   */
  @State(Scope.Benchmark)
  public static class AllRefused {
    @Param("1000x50")
    public String shape;
    Allocator allocator;

    @Setup(Level.Trial)
    public void setUp() {
      DeclineOffersShape cluster = DeclineOffersShape.parse(shape);
      allocator = cluster.cluster();
      cluster.refuseEverything(allocator);
      if (allocator.filterCount() < (long) cluster.agents() * cluster.frameworks()) {
        throw new IllegalStateException("only " + allocator.filterCount() + " refusals in " + cluster);
      }
    }

    @Setup(Level.Invocation)
    public void wakeEveryAgent() {
      allocator.activateFramework(DeclineOffersShape.framework(0));
    }
  }

  /** Where Mesos's loop ends, with nothing changed since the last cycle. */
  @State(Scope.Benchmark)
  public static class Quiet {
    @Param("1000x50")
    public String shape;
    Allocator allocator;

    @Setup(Level.Trial)
    public void setUp() {
      DeclineOffersShape cluster = DeclineOffersShape.parse(shape);
      allocator = cluster.cluster();
      cluster.refuseEverything(allocator);
    }
  }

  /** Adding every agent, each with one framework's tasks on it. */
  @Benchmark
  public Allocator addAgents(Frameworks state) {
    state.cluster.addAgents(state.allocator);
    return state.allocator;
  }

  /** One allocation cycle while every framework declines every offer. */
  @Benchmark
  public List<AllocationDecision> declineCycle(Declining state) {
    state.offers = state.allocator.allocate();
    return state.offers;
  }

  /** One allocation cycle that checks every (agent, framework) pair: the worst case. */
  @Benchmark
  public List<AllocationDecision> fullScanCycle(AllRefused state) {
    return state.allocator.allocate();
  }

  /**
   * One allocation cycle when nothing changed: what most periodic cycles cost. It changes
   * nothing either, so it is repeated and averaged over each iteration rather than timed once.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public List<AllocationDecision> idleCycle(Quiet state) {
    return state.allocator.allocate();
  }
}
