package io.mezzo.bench;

import io.mezzo.allocator.AllocationDecision;
import io.mezzo.allocator.Allocator;
import io.mezzo.allocator.AllocatorConfig;
import io.mezzo.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A cluster in the shape of Apache Mesos's {@code HierarchicalAllocator_BENCHMARK_Test.DeclineOffers}:
 * agents of 24 CPUs, 4 GB, 4 GB of disk and ports 31000-32000, each running 16 tasks of one
 * framework (16 CPUs, 2014 MB, 1 GB of disk and 16 pairs of ports, frameworks taken in turn),
 * and frameworks in one role that decline every offer for as long as Mesos allows.
 *
 * @param agents how many agents
 * @param frameworks how many frameworks
 */
record DeclineOffersShape(int agents, int frameworks) {
  static final Resources AGENT = Resources.parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
  static final Resources USED = Resources.parse("cpus:16;mem:2014;disk:1024;ports:" + portPairs());
  /** What an agent has left to offer: everything not used. */
  static final Resources OFFERABLE = AGENT.minus(USED);
  /** Mesos's benchmark refuses for INT_MAX seconds; the allocator caps it at a year anyway. */
  static final double REFUSE_SECONDS = Allocator.MAX_REFUSE_SECONDS;

  /** Parses {@code <agents>x<frameworks>}, the form JMH's parameter takes. */
  static DeclineOffersShape parse(String shape) {
    String[] parts = shape.split("x");
    return new DeclineOffersShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  @Override
  public String toString() {
    return agents + "x" + frameworks;
  }

  /** An allocator with this shape's frameworks and no agents; its clock never moves. */
  Allocator withFrameworks() {
    Allocator allocator = new Allocator(AllocatorConfig.defaults(), () -> 0L, new Random(42));
    for (int f = 0; f < frameworks; f++) {
      allocator.addFramework(framework(f), Resources.UNRESERVED, false);
    }
    return allocator;
  }

  /** Adds every agent, each with the tasks of one framework on it. */
  void addAgents(Allocator allocator) {
    for (int a = 0; a < agents; a++) {
      allocator.addAgent(agent(a), AGENT, Map.of(framework(a % frameworks), USED));
    }
  }

  /** The allocator with the whole cluster. */
  Allocator cluster() {
    Allocator allocator = withFrameworks();
    addAgents(allocator);
    return allocator;
  }

  /** Every framework declines what it was offered, for good. */
  static void declineAll(Allocator allocator, List<AllocationDecision> offers) {
    for (AllocationDecision offer : offers) {
      allocator.recoverResources(offer.frameworkId(), offer.agentId(), offer.resources(), REFUSE_SECONDS);
    }
  }

  /**
   * Brings the cluster to where Mesos's loop ends: every framework has refused every agent's
   * resources. Refusals are installed directly rather than through a cycle per framework,
   * which gives the same filters far sooner; except the framework whose tasks run on an
   * agent, which must be offered the rest before it can give it back: one more round of the
   * loop does that.
   */
  void refuseEverything(Allocator allocator) {
    for (int a = 0; a < agents; a++) {
      for (int f = 0; f < frameworks; f++) {
        if (f != a % frameworks) {
          allocator.recoverResources(framework(f), agent(a), OFFERABLE, REFUSE_SECONDS);
        }
      }
    }
    for (List<AllocationDecision> offers = allocator.allocate(); !offers.isEmpty(); offers = allocator.allocate()) {
      declineAll(allocator, offers);
    }
  }

  static String agent(int index) {
    return "agent-" + index;
  }

  static String framework(int index) {
    return "framework-" + index;
  }

  /** 16 pairs of ports spread over 31000-32000, as Mesos's makePortRanges(31000-32000, 16). */
  private static String portPairs() {
    StringBuilder ports = new StringBuilder("[");
    int step = 1000 / 16;
    for (int i = 0; i < 16; i++) {
      int begin = 31000 + i * step;
      ports.append(i == 0 ? "" : ",").append(begin).append('-').append(begin + 1);
    }
    return ports.append(']').toString();
  }
}
