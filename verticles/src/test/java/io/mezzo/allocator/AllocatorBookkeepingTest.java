package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.ROLE;
import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What is allocated where: reservations, minimums, agents and frameworks coming and going. */
class AllocatorBookkeepingTest {
  private static final String RESERVED_AGENT = "cpus:2;mem:1024;cpus(ads):2;mem(ads):1024";

  private final Harness harness = new Harness();
  private final Allocator allocator = harness.allocator;

  @Test
  void reservedResourcesGoOnlyToFrameworksOfTheirRole() {
    harness.agent("a1", RESERVED_AGENT).framework("fw-web", "web", Harness.keepAll());

    assertEquals(List.of(new AllocationDecision("fw-web", "a1", res("cpus:2;mem:1024"))), harness.cycle());
    assertEquals(res("cpus(ads):2;mem(ads):1024"), allocator.available("a1"));
    assertTrue(harness.cycle().isEmpty());

    harness.framework("fw-ads", "ads", Harness.keepAll());

    assertEquals(
        List.of(new AllocationDecision("fw-ads", "a1", res("cpus(ads):2;mem(ads):1024"))),
        harness.cycle());
  }

  @Test
  void whatOneRoleCannotUseGoesToTheNextRoleInTheSameCycle() {
    harness.agent("a0", "cpus:8;mem:8192").agent("a1", RESERVED_AGENT);
    harness.framework("fw-ads", "ads", Harness.keepAll());
    // fw-ads then holds a0, so "web" comes first on a1 and takes only the unreserved part.
    harness.cycle();
    allocator.recoverResources("fw-ads", "a1", res(RESERVED_AGENT), 0);
    harness.framework("fw-web", "web", Harness.keepAll());

    List<AllocationDecision> cycle = harness.cycle();

    assertEquals(
        List.of(
            new AllocationDecision("fw-web", "a1", res("cpus:2;mem:1024")),
            new AllocationDecision("fw-ads", "a1", res("cpus(ads):2;mem(ads):1024"))),
        cycle);
    assertTrue(allocator.available("a1").isEmpty());
  }

  @Test
  void offersBelowTheMinimumAreNotMade() {
    Harness strict =
        new Harness(AllocatorConfig.defaults().withMinAllocatable(List.of(res("cpus:1"))), 1)
            .agent("small", "cpus:0.5;mem:4096")
            .framework("fw", ROLE, Harness.keepAll());
    assertTrue(strict.cycle().isEmpty());

    // Default minimums: a hundredth of a CPU or 32 MB, whatever the role of the resources.
    harness.agent("crumbs", "cpus:0.005;mem:16").agent("mem-only", "mem:64");
    harness.framework("fw", ROLE, Harness.keepAll());
    assertEquals(List.of(new AllocationDecision("fw", "mem-only", res("mem:64"))), harness.cycle());
    harness.agent("reserved", "cpus(ads):1").framework("fw-ads", "ads", Harness.keepAll());

    assertEquals(
        List.of(new AllocationDecision("fw-ads", "reserved", res("cpus(ads):1"))), harness.cycle());
    assertEquals(res("cpus:0.005;mem:16"), allocator.available("crumbs"));
  }

  @Test
  void removingAFrameworkReturnsEverythingItHeld() {
    harness.agent("a1", "cpus:4;mem:4096").agent("a2", "cpus:2;mem:2048").agent("a3", "cpus:1;mem:512");
    harness.framework("fw", ROLE, Harness.keepAll());
    harness.cycle();
    allocator.recoverResources("fw", "a3", res("mem:256"), 0);

    allocator.removeFramework("fw");

    for (String agent : List.of("a1", "a2", "a3")) {
      assertTrue(allocator.allocated(agent, "fw").isEmpty());
    }
    assertEquals(res("cpus:4;mem:4096"), allocator.available("a1"));
    assertEquals(res("cpus:2;mem:2048"), allocator.available("a2"));
    assertEquals(res("cpus:1;mem:512"), allocator.available("a3"));
    assertTrue(allocator.allocated("fw").isEmpty());
    assertEquals(Set.of(), allocator.frameworks());
    assertEquals(0, allocator.roleShare(ROLE));
    harness.framework("fw-2", ROLE, Harness.keepAll());
    assertEquals(3, harness.cycle().size());
  }

  @Test
  void removingAnAgentTakesItsResourcesOutOfTheTotalAndTheShares() {
    harness.agent("a1", "cpus:4;mem:4096").agent("a2", "cpus:4;mem:4096");
    harness.framework("fw", ROLE, Harness.keepAll());
    harness.cycle();
    allocator.recoverResources("fw", "a2", res("cpus:2;mem:2048"), 0);
    assertEquals(0.75, allocator.dominantShare("fw"), 1e-12);

    allocator.removeAgent("a1");

    assertEquals(res("cpus:4;mem:4096"), allocator.total());
    assertEquals(res("cpus:2;mem:2048"), allocator.allocated("fw"));
    assertEquals(res("cpus:2;mem:2048"), allocator.available("a2"));
    assertEquals(0.5, allocator.dominantShare("fw"), 1e-12);
    assertEquals(Set.of("a2"), allocator.agents());
    allocator.removeAgent("a2");
    assertTrue(allocator.total().isEmpty());
    assertEquals(0, allocator.dominantShare("fw"));
  }

  @Test
  void usedResourcesOfFrameworksNotYetAddedCountOnceTheyAre() {
    allocator.addAgent("a1", res("cpus:8;mem:8192"), Map.of("fw-late", res("cpus:4;mem:2048")));
    assertEquals(res("cpus:4;mem:6144"), allocator.available("a1"));
    assertEquals(res("cpus:4;mem:2048"), allocator.allocated("fw-late"));
    assertEquals(0, allocator.dominantShare("fw-late"));

    harness.framework("fw-late", ROLE, Harness.keepAll());
    harness.framework("fw-new", "other", Harness.keepAll());

    assertEquals(0.5, allocator.dominantShare("fw-late"), 1e-12);
    assertEquals(0.5, allocator.roleShare(ROLE), 1e-12);
    assertEquals(List.of(new AllocationDecision("fw-new", "a1", res("cpus:4;mem:6144"))), harness.cycle());
  }

  @Test
  void resourcesOfAFrameworkNeverAddedCanStillBeFreed() {
    allocator.addAgent("a1", res("cpus:8;mem:8192"), Map.of("fw-gone", res("cpus:4;mem:2048")));

    allocator.removeFramework("fw-gone");

    assertEquals(res("cpus:8;mem:8192"), allocator.available("a1"));
    assertTrue(allocator.allocated("fw-gone").isEmpty());
  }

  @Test
  void invalidAddsChangeNothing() {
    harness.agent("a1", "cpus:4;mem:4096");
    allocator.addFramework("fw", ROLE, false);

    assertThrows(IllegalArgumentException.class, () -> harness.agent("a1", "cpus:1"));
    assertThrows(IllegalArgumentException.class,
        () -> allocator.addAgent("a2", res("cpus:1"), Map.of("fw", res("cpus:2"))));
    assertThrows(IllegalArgumentException.class, () -> allocator.addFramework("fw", "other", false));
    assertThrows(IllegalArgumentException.class, () -> allocator.addFramework("", ROLE, false));
    assertThrows(IllegalArgumentException.class, () -> allocator.recoverResources("fw", "a1", res("cpus:1"), -1));
    assertThrows(IllegalArgumentException.class, () -> allocator.updateWeight(ROLE, 0));

    assertEquals(Set.of("a1"), allocator.agents());
    assertEquals(res("cpus:4;mem:4096"), allocator.total());
    assertEquals(1, harness.cycle().size());
  }

  @Test
  void callsNamingUnknownIdsAreHarmless() {
    harness.agent("a1", "cpus:4;mem:4096").framework("fw", ROLE, Harness.keepAll());
    harness.cycle();

    allocator.recoverResources("ghost", "a1", res("cpus:4;mem:4096"), 5);
    allocator.recoverResources("fw", "nowhere", res("cpus:4;mem:4096"), 5);
    allocator.removeFramework("ghost");
    allocator.removeAgent("nowhere");
    allocator.activateFramework("ghost");
    allocator.deactivateFramework("ghost");
    allocator.suppress("ghost");
    allocator.revive("ghost");

    assertEquals(res("cpus:4;mem:4096"), allocator.allocated("fw"));
    assertTrue(allocator.available("a1").isEmpty());
    assertTrue(allocator.available("nowhere").isEmpty());
    assertEquals(0, allocator.filterCount());
  }

  @Test
  void recoveringMoreThanAllocatedRecoversOnlyWhatIsHeld() {
    harness.agent("a1", "cpus:8;mem:8192;ports:[31000-31010]").framework("fw", ROLE, Harness.keepAll());
    harness.cycle();
    allocator.recoverResources("fw", "a1", res("cpus:4;mem:4096;ports:[31000-31004]"), 0);

    allocator.recoverResources("fw", "a1", res("cpus:6;mem:1024;disk:100;ports:[31008-31020]"), 0);

    assertEquals(res("mem:3072;ports:[31005-31007]"), allocator.allocated("fw"));
    assertEquals(res("cpus:8;mem:5120;ports:[31000-31004,31008-31010]"), allocator.available("a1"));
    assertEquals(allocator.total(), allocator.available("a1").plus(allocator.allocated("fw")));
  }

  @Test
  void configRejectsBadValuesNamingTheKey() {
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> AllocatorConfig.defaults().withRoleWeights(Map.of("ads", -1.0)));
    assertTrue(weight.getMessage().contains("roleWeights.ads"), weight.getMessage());
    IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
        () -> AllocatorConfig.defaults().withAllocationInterval(Duration.ZERO));
    assertTrue(interval.getMessage().contains("allocationInterval"), interval.getMessage());
    IllegalArgumentException minimum = assertThrows(IllegalArgumentException.class,
        () -> AllocatorConfig.defaults().withMinAllocatable(List.of(res("ports:[1-2]"))));
    assertTrue(minimum.getMessage().contains("minAllocatable[0]"), minimum.getMessage());
    assertEquals(Duration.ofSeconds(1), AllocatorConfig.defaults().allocationInterval());
  }
}
