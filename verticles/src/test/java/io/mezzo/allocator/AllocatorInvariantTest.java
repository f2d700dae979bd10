package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of every operation, checking after each one that no resource is ever
 * created or lost: on every agent, available plus everything allocated is exactly the total.
 */
class AllocatorInvariantTest {
  private static final List<String> AGENT_TOTALS =
      List.of(
          "cpus:4;mem:4096;ports:[31000-31009]",
          "cpus:2;mem:2048;cpus(ads):2;mem(ads):1024",
          "cpus:8;mem:512;disk:100",
          "cpus:0.5;mem:16");
  private static final List<String> RECOVERIES =
      List.of(
          "cpus:1;mem:512",
          "cpus:4;mem:4096;ports:[31000-31004]",
          "cpus(ads):1;mem(ads):2048",
          "disk:50;gpus:1",
          "cpus:0.25;ports:[31003-31020]");
  private static final List<String> ROLES = List.of("web", "ads", "*");

  private final Fixtures.FakeClock clock = new Fixtures.FakeClock();
  private final Map<String, Resources> agentTotals = new HashMap<>();
  private final Map<String, String> roleOf = new HashMap<>();
  private final Set<String> suppressed = new HashSet<>();
  private final Set<String> inactive = new HashSet<>();
  private final Set<String> frameworkIds = new HashSet<>();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
  void resourcesAreNeverCreatedOrLost(long seed) {
    Random random = new Random(seed);
    Allocator allocator = Fixtures.allocator(AllocatorConfig.defaults(), clock, seed);
    for (int step = 0; step < 600; step++) {
      apply(allocator, random);
      check(allocator);
    }
  }

  private void apply(Allocator allocator, Random random) {
    String agent = "a" + random.nextInt(6);
    String framework = "fw" + random.nextInt(6);
    frameworkIds.add(framework);
    switch (random.nextInt(12)) {
      case 0 -> {
        if (!agentTotals.containsKey(agent)) {
          Resources total = res(pick(AGENT_TOTALS, random));
          Map<String, Resources> used = new HashMap<>();
          if (random.nextBoolean()) {
            used.put(framework, total.intersection(res(pick(RECOVERIES, random))));
          }
          allocator.addAgent(agent, total, used);
          agentTotals.put(agent, total);
        }
      }
      case 1 -> {
        allocator.removeAgent(agent);
        agentTotals.remove(agent);
      }
      case 2 -> {
        if (!roleOf.containsKey(framework)) {
          String role = pick(ROLES, random);
          boolean suppress = random.nextInt(4) == 0;
          allocator.addFramework(framework, role, suppress);
          roleOf.put(framework, role);
          if (suppress) {
            suppressed.add(framework);
          }
        }
      }
      case 3 -> {
        allocator.removeFramework(framework);
        roleOf.remove(framework);
        suppressed.remove(framework);
        inactive.remove(framework);
      }
      case 4 -> {
        allocator.suppress(framework);
        model(framework, suppressed, true);
      }
      case 5 -> {
        allocator.revive(framework);
        model(framework, suppressed, false);
      }
      case 6 -> {
        allocator.deactivateFramework(framework);
        model(framework, inactive, true);
      }
      case 7 -> {
        allocator.activateFramework(framework);
        model(framework, inactive, false);
      }
      case 8 -> clock.advanceSeconds(random.nextDouble() * 3);
      case 9 -> allocator.recoverResources(
          framework, agent, res(pick(RECOVERIES, random)), random.nextInt(3) * 1.5);
      case 10 -> allocator.updateWeight(pick(List.of("web", "ads"), random), 0.5 + random.nextInt(4));
      default -> cycle(allocator, random);
    }
  }

  private void cycle(Allocator allocator, Random random) {
    for (AllocationDecision offer : allocator.allocate()) {
      String id = offer.frameworkId();
      assertTrue(
          roleOf.containsKey(id) && !suppressed.contains(id) && !inactive.contains(id),
          () -> "offer to a framework that wants none: " + offer);
      String role = roleOf.get(offer.frameworkId());
      for (Resources.Key key : offer.resources().keys()) {
        assertTrue(key.role().equals("*") || key.role().equals(role), () -> "wrong role in " + offer);
      }
      switch (random.nextInt(4)) {
        case 0 -> { }
        case 1 -> allocator.recoverResources(
            offer.frameworkId(), offer.agentId(), offer.resources(), random.nextInt(3));
        case 2 -> allocator.recoverResources(
            offer.frameworkId(), offer.agentId(), res(pick(RECOVERIES, random)), 0);
        default -> allocator.recoverResources(
            offer.frameworkId(),
            offer.agentId(),
            offer.resources().plus(res("cpus:1;gpus:2")),
            5);
      }
    }
  }

  private void check(Allocator allocator) {
    assertEquals(agentTotals.keySet(), allocator.agents());
    assertEquals(roleOf.keySet(), allocator.frameworks());
    Resources clusterTotal = Resources.empty();
    Map<String, Resources> perFramework = new HashMap<>();
    for (Map.Entry<String, Resources> agent : agentTotals.entrySet()) {
      clusterTotal = clusterTotal.plus(agent.getValue());
      Resources accounted = allocator.available(agent.getKey());
      for (String framework : frameworkIds) {
        Resources held = allocator.allocated(agent.getKey(), framework);
        accounted = accounted.plus(held);
        perFramework.merge(framework, held, Resources::plus);
      }
      assertEquals(agent.getValue(), accounted, "agent " + agent.getKey());
    }
    assertEquals(clusterTotal, allocator.total());
    for (String framework : frameworkIds) {
      assertEquals(perFramework.getOrDefault(framework, Resources.empty()), allocator.allocated(framework));
      double share = allocator.dominantShare(framework);
      assertTrue(share >= 0 && share <= 1 + 1e-9, () -> framework + " share " + share);
    }
  }

  /** Mirrors a flag change in the model, for added frameworks only, as the allocator does. */
  private void model(String framework, Set<String> flagged, boolean flag) {
    if (roleOf.containsKey(framework)) {
      if (flag) {
        flagged.add(framework);
      } else {
        flagged.remove(framework);
      }
    }
  }

  private static <T> T pick(List<T> options, Random random) {
    return options.get(random.nextInt(options.size()));
  }
}
