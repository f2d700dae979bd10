package io.mezzo.allocator;

import static org.junit.jupiter.api.Assertions.fail;

import io.mezzo.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the cluster around an {@link Allocator}, as Nomad's scheduler harness does: agents
 * are added, and each framework's scheduler answers every offer the way its behaviour says
 * (launching tasks keeps resources allocated; the rest goes back through recover).
 */
final class Harness {
  /** How a framework's scheduler answers an offer. */
  interface Scheduler {
    void offered(Harness harness, AllocationDecision offer);
  }

  /** How long a scheduler that cannot use an offer refuses it. */
  static final double DECLINE_SECONDS = 60;

  final Fixtures.FakeClock clock = new Fixtures.FakeClock();
  final Allocator allocator;
  final List<AllocationDecision> offers = new ArrayList<>();
  private final Map<String, Scheduler> schedulers = new HashMap<>();
  private final Map<String, Integer> tasks = new HashMap<>();

  Harness() {
    this(AllocatorConfig.defaults(), Fixtures.SEED);
  }

  Harness(AllocatorConfig config, long seed) {
    allocator = Fixtures.allocator(config, clock, seed);
  }

  Harness agent(String agentId, String resources) {
    Fixtures.addAgent(allocator, agentId, resources);
    return this;
  }

  Harness framework(String frameworkId, String role, Scheduler scheduler) {
    allocator.addFramework(frameworkId, role, false);
    schedulers.put(frameworkId, scheduler);
    return this;
  }

  /** Runs one cycle and lets every offered scheduler answer; returns the offers made. */
  List<AllocationDecision> cycle() {
    List<AllocationDecision> made = allocator.allocate();
    offers.addAll(made);
    for (AllocationDecision offer : made) {
      schedulers.getOrDefault(offer.frameworkId(), keepAll()).offered(this, offer);
    }
    return made;
  }

  /** Runs cycles until one makes no offer; fails if that takes more than {@code maxCycles}. */
  int runUntilQuiet(int maxCycles) {
    for (int cycles = 1; cycles <= maxCycles; cycles++) {
      if (cycle().isEmpty()) {
        return cycles;
      }
    }
    return fail("still offering after " + maxCycles + " cycles");
  }

  int tasks(String frameworkId) {
    return tasks.getOrDefault(frameworkId, 0);
  }

  /** Keeps whatever it is offered. */
  static Scheduler keepAll() {
    return (harness, offer) -> { };
  }

  /** Declines everything, refusing it for {@code refuseSeconds}. */
  static Scheduler declineAll(double refuseSeconds) {
    return (harness, offer) -> harness.allocator.recoverResources(
        offer.frameworkId(), offer.agentId(), offer.resources(), refuseSeconds);
  }

  /**
   * Launches one task of {@code task} when the offer fits it and gives the rest back without
   * a filter; declines the whole offer with a filter when it does not fit.
   */
  static Scheduler launchOne(Resources task) {
    return (harness, offer) -> {
      if (offer.resources().contains(task)) {
        harness.tasks.merge(offer.frameworkId(), 1, Integer::sum);
        harness.allocator.recoverResources(
            offer.frameworkId(), offer.agentId(), offer.resources().minus(task), 0);
      } else {
        declineAll(DECLINE_SECONDS).offered(harness, offer);
      }
    };
  }
}
