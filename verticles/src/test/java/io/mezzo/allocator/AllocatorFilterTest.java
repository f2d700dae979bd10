package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.ROLE;
import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may be offered what: suppression, activity and decline filters. */
class AllocatorFilterTest {
  private static final String AGENT = "cpus:4;mem:4096";

  private final Harness harness = new Harness().agent("a1", AGENT);
  private final Allocator allocator = harness.allocator;

  @Test
  void suppressStopsOffersAndReviveResumesThem() {
    allocator.addFramework("fw", ROLE, false);
    allocator.suppress("fw");
    assertTrue(harness.cycle().isEmpty());

    allocator.revive("fw");

    assertEquals(List.of(new AllocationDecision("fw", "a1", res(AGENT))), harness.cycle());
  }

  @Test
  void frameworkAddedSuppressedGetsNothingUntilRevived() {
    allocator.addFramework("fw", ROLE, true);
    assertTrue(harness.cycle().isEmpty());

    allocator.revive("fw");

    assertEquals(1, harness.cycle().size());
  }

  @Test
  void inactiveFrameworksGetNothingButKeepWhatTheyHold() {
    harness.agent("a2", AGENT);
    allocator.addFramework("fw", ROLE, false);
    assertEquals(2, harness.cycle().size());
    allocator.recoverResources("fw", "a2", res(AGENT), 0);

    allocator.deactivateFramework("fw");

    assertTrue(harness.cycle().isEmpty());
    assertEquals(res(AGENT), allocator.allocated("fw"));
    allocator.activateFramework("fw");
    assertEquals(List.of(new AllocationDecision("fw", "a2", res(AGENT))), harness.cycle());
  }

  @Test
  void declinedResourcesGoToOthersAndComeBackWhenTheFilterExpires() {
    harness.framework("fw-a", ROLE, Harness.declineAll(5));
    harness.framework("fw-b", ROLE, Harness.declineAll(0));
    assertEquals("fw-a", only(harness.cycle()).frameworkId());

    // fw-a refused the agent for 5 s; fw-b is offered it instead.
    assertEquals("fw-b", only(harness.cycle()).frameworkId());
    allocator.deactivateFramework("fw-b");
    assertTrue(harness.cycle().isEmpty());
    harness.clock.advanceSeconds(4.999);
    assertTrue(harness.cycle().isEmpty());

    harness.clock.advanceSeconds(0.002);

    assertEquals("fw-a", only(harness.cycle()).frameworkId());
  }

  @Test
  void reviveClearsFiltersAtOnce() {
    harness.framework("fw", ROLE, Harness.declineAll(3600));
    assertEquals(1, harness.cycle().size());
    assertTrue(harness.cycle().isEmpty());
    assertEquals(1, allocator.filterCount());

    allocator.revive("fw");

    assertEquals(0, allocator.filterCount());
    assertEquals(1, harness.cycle().size());
  }

  @Test
  void filterDoesNotHoldBackMoreThanWasRefused() {
    allocator.addFramework("fw", ROLE, false);
    harness.cycle();
    // A task keeps half; the other half is declined for an hour.
    allocator.recoverResources("fw", "a1", res("cpus:2;mem:2048"), 3600);
    assertTrue(harness.cycle().isEmpty());

    // The task ends: the agent now has more than was refused, so the filter lets it through.
    allocator.recoverResources("fw", "a1", res("cpus:2;mem:2048"), 0);

    assertEquals(List.of(new AllocationDecision("fw", "a1", res(AGENT))), harness.cycle());
  }

  @Test
  void filterHoldsBackLessThanWasRefused() {
    harness.framework("fw-a", ROLE, Harness.declineAll(60));
    harness.framework("fw-b", ROLE, Harness.keepAll());
    harness.cycle();
    harness.cycle();
    allocator.deactivateFramework("fw-b");

    // fw-b gives back part of the agent; fw-a refused all of it, so it refused this part too.
    allocator.recoverResources("fw-b", "a1", res("cpus:1;mem:1024"), 0);

    assertTrue(harness.cycle().isEmpty());
    assertEquals(res("cpus:1;mem:1024"), allocator.available("a1"));
  }

  @Test
  void filterAppliesToOneAgentOnly() {
    harness.agent("a2", AGENT);
    allocator.addFramework("fw", ROLE, false);
    harness.cycle();
    allocator.recoverResources("fw", "a1", res(AGENT), 60);
    allocator.recoverResources("fw", "a2", res(AGENT), 0);

    assertEquals(List.of(new AllocationDecision("fw", "a2", res(AGENT))), harness.cycle());
  }

  @Test
  void expiredFiltersAreDroppedWhenNextConsulted() {
    harness.framework("fw", ROLE, Harness.declineAll(1));
    harness.cycle();
    assertEquals(1, allocator.filterCount());
    harness.clock.advanceSeconds(2);

    assertEquals(1, harness.cycle().size());

    // The expired filter went; the new decline installed a fresh one.
    assertEquals(1, allocator.filterCount());
  }

  @Test
  void refusalOfUnknownFrameworkOrAgentInstallsNothing() {
    allocator.addFramework("fw", ROLE, false);

    allocator.recoverResources("ghost", "a1", res(AGENT), 60);
    allocator.recoverResources("fw", "nowhere", res(AGENT), 60);

    assertEquals(0, allocator.filterCount());
    assertEquals(1, harness.cycle().size());
  }

  private static AllocationDecision only(List<AllocationDecision> decisions) {
    assertEquals(1, decisions.size(), () -> "expected one offer, got " + decisions);
    return decisions.get(0);
  }
}
