package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.ROLE;
import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A framework's own minimum allocatable resources (Mesos's FrameworkInfo.offer_filters):
 * they replace the configured ones for that framework only, and change without a new add.
 */
class AllocatorOwnMinimumsTest {
  private static final String SMALL = "cpus:1;mem:1024";

  private final Harness harness = new Harness().agent("a1", SMALL);
  private final Allocator allocator = harness.allocator;

  @Test
  void aFrameworkAskingForTwoCpusIsNotOfferedOneWhileAnotherFrameworkIs() {
    allocator.addFramework("big", ROLE, false, List.of(res("cpus:2")));
    assertTrue(harness.cycle().isEmpty());

    allocator.addFramework("plain", ROLE, false);

    assertEquals(List.of(new AllocationDecision("plain", "a1", res(SMALL))), harness.cycle());
    assertTrue(allocator.allocated("big").isEmpty());
  }

  @Test
  void aFrameworkAskingForTwoCpusIsOfferedAnAgentThatHasThem() {
    harness.agent("a2", "cpus:4;mem:1024");
    allocator.addFramework("big", ROLE, false, List.of(res("cpus:2")));

    assertEquals(List.of(new AllocationDecision("big", "a2", res("cpus:4;mem:1024"))), harness.cycle());
  }

  @Test
  void anyOneAlternativeIsEnough() {
    allocator.addFramework("either", ROLE, false, List.of(res("cpus:2"), res("mem:512")));

    assertEquals(List.of(new AllocationDecision("either", "a1", res(SMALL))), harness.cycle());
  }

  @Test
  void ownMinimumsReplaceTheConfiguredOnesEvenWhenLower() {
    Harness strict = new Harness(AllocatorConfig.defaults().withMinAllocatable(List.of(res("cpus:2"))), Fixtures.SEED)
        .agent("a1", SMALL);
    strict.allocator.addFramework("plain", ROLE, false);
    assertTrue(strict.cycle().isEmpty());

    // No alternatives: any non-empty offer will do, whatever the configured minimums.
    strict.allocator.addFramework("any", ROLE, false, List.of());

    assertEquals(List.of(new AllocationDecision("any", "a1", res(SMALL))), strict.cycle());
  }

  @Test
  void changedMinimumsTakeEffectAtTheNextCycle() {
    allocator.addFramework("fw", ROLE, false, List.of(res("cpus:2")));
    assertTrue(harness.cycle().isEmpty());

    allocator.updateMinAllocatable("fw", List.of(res("cpus:1")));

    assertEquals(List.of(new AllocationDecision("fw", "a1", res(SMALL))), harness.cycle());
  }

  @Test
  void droppingOwnMinimumsBringsBackTheConfiguredOnes() {
    Harness strict = new Harness(AllocatorConfig.defaults().withMinAllocatable(List.of(res("cpus:2"))), Fixtures.SEED)
        .agent("a1", SMALL);
    strict.allocator.addFramework("fw", ROLE, false, List.of(res("cpus:2")));
    strict.allocator.updateMinAllocatable("fw", List.of(res("mem:1024")));
    assertEquals(1, strict.cycle().size());
    strict.allocator.recoverResources("fw", "a1", res(SMALL), 0);

    strict.allocator.updateMinAllocatable("fw", null);

    assertTrue(strict.cycle().isEmpty());
  }

  @Test
  void aDeclineFilterStillHoldsBackAnOfferBelowTheConfiguredMinimums() {
    Harness strict = new Harness(AllocatorConfig.defaults().withMinAllocatable(List.of(res("cpus:2"))), Fixtures.SEED)
        .agent("a1", SMALL);
    strict.framework("any", ROLE, Harness.declineAll(60));
    strict.allocator.updateMinAllocatable("any", List.of());
    assertEquals(1, strict.cycle().size());

    assertTrue(strict.cycle().isEmpty());
    strict.clock.advanceSeconds(61);
    assertEquals(1, strict.cycle().size());
  }
}
