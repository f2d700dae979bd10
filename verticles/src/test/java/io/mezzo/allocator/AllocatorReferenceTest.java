package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Differential test: random sequences of every call, applied to the {@link Allocator} and to
 * the plain {@link ReferenceAllocator}, must produce the very same offers, cycle after
 * cycle. This is what shows the sorter's incremental order, the cached filter answers and
 * the skipping of idle agents never change a decision.
 */
class AllocatorReferenceTest {
  private static final List<String> AGENT_TOTALS =
      List.of(
          "cpus:4;mem:4096;ports:[31000-31009]",
          "cpus:2;mem:2048;cpus(ads):2;mem(ads):1024",
          "cpus:8;mem:512;disk:100",
          "cpus:1;mem:64");
  private static final List<String> RECOVERIES =
      List.of("cpus:1;mem:512", "cpus:4;mem:4096;ports:[31000-31004]", "cpus(ads):1;mem(ads):2048");
  private static final List<String> ROLES = List.of("web", "ads", "batch", "*");

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void makesTheSameDecisionsAsThePlainAlgorithm(long seed) {
    Fixtures.FakeClock clock = new Fixtures.FakeClock();
    AllocatorConfig config = AllocatorConfig.defaults().withRoleWeights(Map.of("batch", 0.5));
    Allocator allocator = Fixtures.allocator(config, clock, seed);
    ReferenceAllocator reference = new ReferenceAllocator(config, clock, seed);
    Random random = new Random(seed);
    Set<String> agents = new HashSet<>();
    Set<String> frameworks = new HashSet<>();

    for (int step = 0; step < 1500; step++) {
      String agent = "a" + random.nextInt(8);
      String framework = "fw" + random.nextInt(8);
      int op = random.nextInt(14);
      if (op == 0 && !agents.contains(agent)) {
        Resources total = res(pick(AGENT_TOTALS, random));
        Map<String, Resources> used = new HashMap<>();
        if (random.nextInt(3) == 0) {
          used.put(framework, total.intersection(res("cpus:1;mem:32")));
        }
        allocator.addAgent(agent, total, used);
        reference.addAgent(agent, total, used);
        agents.add(agent);
      } else if (op == 1 && random.nextInt(3) == 0) {
        allocator.removeAgent(agent);
        reference.removeAgent(agent);
        agents.remove(agent);
      } else if (op == 2 && !frameworks.contains(framework)) {
        String role = pick(ROLES, random);
        boolean suppressed = random.nextInt(5) == 0;
        allocator.addFramework(framework, role, suppressed);
        reference.addFramework(framework, role, suppressed);
        frameworks.add(framework);
      } else if (op == 3 && random.nextInt(3) == 0) {
        allocator.removeFramework(framework);
        reference.removeFramework(framework);
        frameworks.remove(framework);
      } else if (op == 4) {
        allocator.suppress(framework);
        reference.suppress(framework);
      } else if (op == 5) {
        allocator.revive(framework);
        reference.revive(framework);
      } else if (op == 6) {
        boolean active = random.nextBoolean();
        if (active) {
          allocator.activateFramework(framework);
        } else {
          allocator.deactivateFramework(framework);
        }
        reference.setActive(framework, active);
      } else if (op == 7) {
        clock.advanceSeconds(random.nextDouble() * 4);
      } else if (op == 8) {
        Resources resources = res(pick(RECOVERIES, random));
        double refuse = random.nextInt(3) * 2.5;
        allocator.recoverResources(framework, agent, resources, refuse);
        reference.recover(framework, agent, resources, refuse);
      } else if (op == 9) {
        String role = pick(ROLES, random);
        double weight = 0.5 + random.nextInt(4);
        allocator.updateWeight(role, weight);
        reference.updateWeight(role, weight);
      } else if (op >= 10) {
        List<AllocationDecision> offers = allocator.allocate();
        assertEquals(reference.allocate(), offers, "cycle at step " + step);
        answer(offers, allocator, reference, random);
      }
      for (String id : agents) {
        assertEquals(reference.available(id), allocator.available(id), "agent " + id + " at step " + step);
      }
    }
  }

  /** Frameworks keep some offers, decline others (filtered or not), or hand back a part. */
  private static void answer(
      List<AllocationDecision> offers, Allocator allocator, ReferenceAllocator reference, Random random) {
    for (AllocationDecision offer : offers) {
      int choice = random.nextInt(4);
      if (choice == 0) {
        continue;
      }
      Resources back = choice == 3 ? res(pick(RECOVERIES, random)) : offer.resources();
      double refuse = choice == 1 ? 0 : 1 + random.nextInt(6);
      allocator.recoverResources(offer.frameworkId(), offer.agentId(), back, refuse);
      reference.recover(offer.frameworkId(), offer.agentId(), back, refuse);
    }
  }

  private static <T> T pick(List<T> options, Random random) {
    return options.get(random.nextInt(options.size()));
  }
}
