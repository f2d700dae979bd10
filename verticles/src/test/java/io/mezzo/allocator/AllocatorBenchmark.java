package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times allocation cycles at scale; run by hand (it is not a test and asserts nothing):
 * {@code java -cp <test-classpath> io.mezzo.allocator.AllocatorBenchmark [agents] [frameworks]}.
 */
public final class AllocatorBenchmark {
  private AllocatorBenchmark() {}

  /** Prints the cost of a first cycle, of decline-everything cycles and of a fully filtered cluster. */
  public static void main(String[] args) {
    int agentCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int frameworkCount = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
    int declineRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int fullScans = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Fixtures.FakeClock clock = new Fixtures.FakeClock();
    Allocator allocator = new Allocator(AllocatorConfig.defaults(), clock, new Random(1));
    Resources agentTotal = Resources.parse("cpus:16;mem:65536;disk:100000;ports:[31000-32000]");
    // A framework that never registers holds a CPU everywhere; removing it at the end
    // changes every agent at once.
    Map<String, Resources> used = Map.of("ghost", Resources.parse("cpus:1"));
    for (int a = 0; a < agentCount; a++) {
      allocator.addAgent("agent-" + a, agentTotal, used);
    }
    for (int f = 0; f < frameworkCount; f++) {
      // Ten frameworks per role, so both levels of the hierarchy are busy.
      allocator.addFramework("fw-" + f, "role-" + (f / 10), false);
    }
    System.out.printf("%,d agents x %,d frameworks%n", agentCount, frameworkCount);

    List<AllocationDecision> offers = time("first cycle", allocator::allocate);
    System.out.printf("  %,d offers%n", offers.size());
    for (int round = 1; round <= declineRounds; round++) {
      for (AllocationDecision offer : offers) {
        allocator.recoverResources(offer.frameworkId(), offer.agentId(), offer.resources(), 3600);
      }
      offers = time("decline-all round " + round, allocator::allocate);
      System.out.printf("  %,d offers, %,d filters%n", offers.size(), allocator.filterCount());
    }
    if (fullScans == 0) {
      return;
    }
    for (AllocationDecision offer : offers) {
      allocator.recoverResources(offer.frameworkId(), offer.agentId(), offer.resources(), 3600);
    }

    long start = System.nanoTime();
    for (int a = 0; a < agentCount; a++) {
      for (int f = 0; f < frameworkCount; f++) {
        allocator.recoverResources("fw-" + f, "agent-" + a, agentTotal, 3600);
      }
    }
    System.out.printf(
        "installed %,d filters in %.1f s%n", allocator.filterCount(), (System.nanoTime() - start) / 1e9);
    for (int round = 1; round <= fullScans; round++) {
      // Activating an active framework changes nothing but makes every agent be looked at
      // again: the worst case, every (agent, framework) pair checked.
      allocator.activateFramework("fw-0");
      offers = time("everything filtered, full scan " + round, allocator::allocate);
      System.out.printf("  %,d offers%n", offers.size());
    }
    offers = time("everything filtered, nothing changed", allocator::allocate);
    System.out.printf("  %,d offers%n", offers.size());
    allocator.removeFramework("ghost");
    offers = time("everything filtered, every agent changed", allocator::allocate);
    System.out.printf("  %,d offers%n", offers.size());
  }

  private static List<AllocationDecision> time(String what, java.util.function.Supplier<List<AllocationDecision>> cycle) {
    long start = System.nanoTime();
    List<AllocationDecision> offers = cycle.get();
    System.out.printf("%-40s %8.1f ms%n", what, (System.nanoTime() - start) / 1e6);
    return offers;
  }
}
