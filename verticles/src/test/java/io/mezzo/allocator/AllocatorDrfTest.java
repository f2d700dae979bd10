package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.model.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fair sharing: the DRF paper's example, weighted roles and the role hierarchy. */
class AllocatorDrfTest {
  private static final Resources TASK_A = res("cpus:1;mem:4096");
  private static final Resources TASK_B = res("cpus:3;mem:1024");
  private static final double TWO_THIRDS = 2.0 / 3.0;

  @Test
  void drfPaperExampleOnOneAgent() {
    Harness harness =
        new Harness()
            .agent("a1", "cpus:9;mem:18432")
            .framework("fw-a", "ra", Harness.launchOne(TASK_A))
            .framework("fw-b", "rb", Harness.launchOne(TASK_B));

    harness.runUntilQuiet(50);

    assertPaperOutcome(harness);
    // Only 4 GB of memory is left, which neither framework can use.
    assertEquals(res("mem:4096"), harness.allocator.available("a1"));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void drfPaperExampleOnSeveralAgents(long seed) {
    // The same 9 CPUs and 18 GB over three agents, whatever order they are visited in.
    Harness harness =
        new Harness(AllocatorConfig.defaults(), seed)
            .agent("x", "cpus:6;mem:2048")
            .agent("y", "cpus:2;mem:8192")
            .agent("z", "cpus:1;mem:8192")
            .framework("fw-a", "ra", Harness.launchOne(TASK_A))
            .framework("fw-b", "rb", Harness.launchOne(TASK_B));

    harness.runUntilQuiet(100);

    assertPaperOutcome(harness);
  }

  private static void assertPaperOutcome(Harness harness) {
    Allocator allocator = harness.allocator;
    assertEquals(3, harness.tasks("fw-a"));
    assertEquals(2, harness.tasks("fw-b"));
    assertEquals(res("cpus:3;mem:12288"), allocator.allocated("fw-a"));
    assertEquals(res("cpus:6;mem:2048"), allocator.allocated("fw-b"));
    assertEquals(TWO_THIRDS, allocator.dominantShare("fw-a"), 1e-12);
    assertEquals(TWO_THIRDS, allocator.dominantShare("fw-b"), 1e-12);
    assertEquals(allocator.roleShare("ra"), allocator.roleShare("rb"), 1e-12);
  }

  @Test
  void weightedRoleGetsProportionallyMore() {
    Harness harness = new Harness(AllocatorConfig.defaults().withRoleWeights(Map.of("gold", 2.0)), 7);
    addSmallAgents(harness, 30);
    harness.framework("fw-gold", "gold", Harness.keepAll());
    harness.framework("fw-silver", "silver", Harness.keepAll());

    harness.cycle();

    assertEquals(res("cpus:20;mem:20480"), harness.allocator.allocated("fw-gold"));
    assertEquals(res("cpus:10;mem:10240"), harness.allocator.allocated("fw-silver"));
    assertEquals(harness.allocator.roleShare("gold"), harness.allocator.roleShare("silver"), 1e-12);
  }

  @Test
  void updatedWeightTakesEffectAtTheNextCycle() {
    Harness harness = new Harness();
    addSmallAgents(harness, 40);
    harness.framework("fw-gold", "gold", Harness.keepAll());
    harness.framework("fw-silver", "silver", Harness.keepAll());

    harness.allocator.updateWeight("silver", 3.0);
    harness.cycle();

    assertEquals(3.0, harness.allocator.weight("silver"));
    assertEquals(res("cpus:10;mem:10240"), harness.allocator.allocated("fw-gold"));
    assertEquals(res("cpus:30;mem:30720"), harness.allocator.allocated("fw-silver"));
  }

  @Test
  void rolesShareFirstThenFrameworksInsideTheirRole() {
    // Flat DRF over three frameworks would give 4 agents each; hierarchical DRF splits
    // between the two roles first, then inside "batch".
    Harness harness = new Harness();
    addSmallAgents(harness, 12);
    harness.framework("fw-b1", "batch", Harness.keepAll());
    harness.framework("fw-b2", "batch", Harness.keepAll());
    harness.framework("fw-s", "service", Harness.keepAll());

    harness.cycle();

    assertEquals(res("cpus:3;mem:3072"), harness.allocator.allocated("fw-b1"));
    assertEquals(res("cpus:3;mem:3072"), harness.allocator.allocated("fw-b2"));
    assertEquals(res("cpus:6;mem:6144"), harness.allocator.allocated("fw-s"));
    assertEquals(0.5, harness.allocator.roleShare("batch"), 1e-12);
    assertEquals(0.25, harness.allocator.dominantShare("fw-b1"), 1e-12);
  }

  @Test
  void dominantShareIsTheLargestShareOverResourceKinds() {
    Harness harness =
        new Harness()
            .agent("a1", "cpus:10;mem:1000")
            .agent("a2", "cpus:10;mem:1000")
            .framework("fw", Fixtures.ROLE, Harness.keepAll());
    assertEquals(2, harness.cycle().size());

    harness.allocator.recoverResources("fw", "a2", res("cpus:10;mem:800"), 0);

    // Holds 10 of 20 CPUs but 1200 of 2000 MB: memory dominates.
    assertEquals(0.6, harness.allocator.dominantShare("fw"), 1e-12);
    assertEquals(0.6, harness.allocator.roleShare(Fixtures.ROLE), 1e-12);
  }

  private static void addSmallAgents(Harness harness, int count) {
    for (int i = 0; i < count; i++) {
      harness.agent("agent-" + i, "cpus:1;mem:1024");
    }
  }
}
