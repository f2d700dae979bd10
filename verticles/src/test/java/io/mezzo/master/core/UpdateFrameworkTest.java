package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferFilters;
import io.mezzo.v1.Request;
import io.mezzo.v1.Value;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UPDATE_FRAMEWORK changes a subscribed framework's info without a new subscription;
 * SUBSCRIBE's suppressed_roles; REQUEST accepted and ignored.
 */
class UpdateFrameworkTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String stream = harness.newStream();

  private Call update(String id, FrameworkInfo.Builder info, String... suppressedRoles) {
    return Fixtures.call(Call.Type.UPDATE_FRAMEWORK, id)
        .setUpdateFramework(Call.UpdateFramework.newBuilder()
            .setFrameworkInfo(info.setId(FrameworkID.newBuilder().setValue(id)))
            .addAllSuppressedRoles(List.of(suppressedRoles)))
        .build();
  }

  private Response.GetFrameworks.Framework shown(String id) {
    return harness.state().getGetFrameworks().getFrameworksList().stream()
        .filter(f -> f.getFrameworkInfo().getId().getValue().equals(id)).findFirst().orElseThrow();
  }

  private List<AllocatorCall.Type> allocatorCalls() {
    return harness.toAllocator().stream().map(AllocatorCall::getType).toList();
  }

  @Test
  void nameCapabilitiesFailoverTimeoutAndOfferFiltersChangeWithoutResubscribing() {
    String id = harness.subscribe(Fixtures.newFramework("before").build(), stream);
    OfferFilters filters = OfferFilters.newBuilder().setMinAllocatableResources(
        OfferFilters.MinAllocatableResources.newBuilder().addQuantities(OfferFilters.ResourceQuantities.newBuilder()
            .putQuantities("cpus", Value.Scalar.newBuilder().setValue(2).build()))).build();
    FrameworkInfo.Builder changed = Fixtures.newFramework("after").setFailoverTimeout(120)
        .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .putOfferFilters("*", filters);
    int events = harness.toStream(stream).size();

    harness.call(update(id, changed), stream);

    FrameworkInfo now = shown(id).getFrameworkInfo();
    assertEquals("after", now.getName());
    assertEquals(120, now.getFailoverTimeout());
    assertEquals(FrameworkInfo.Capability.Type.PARTITION_AWARE, now.getCapabilities(0).getType());
    assertEquals(filters, now.getOfferFiltersOrThrow("*"));
    assertTrue(shown(id).getConnected(), "still subscribed through the same stream");
    assertEquals(events, harness.toStream(stream).size(), "no new SUBSCRIBED, no ERROR");
  }

  private static OfferFilters cpusAtLeast(double cpus) {
    return OfferFilters.newBuilder().setMinAllocatableResources(
        OfferFilters.MinAllocatableResources.newBuilder().addQuantities(OfferFilters.ResourceQuantities.newBuilder()
            .putQuantities("cpus", Value.Scalar.newBuilder().setValue(cpus).build()))).build();
  }

  private AllocatorCall lastAllocatorCall() {
    List<AllocatorCall> calls = harness.toAllocator();
    return calls.get(calls.size() - 1);
  }

  @Test
  void offerFiltersReachTheAllocatorOnSubscribeAndEachUpdateThatChangesThem() {
    String id = harness.subscribe(Fixtures.newFramework("f").putOfferFilters("*", cpusAtLeast(2)).build(), stream);
    AllocatorCall added = harness.toAllocator().stream()
        .filter(c -> c.getType() == AllocatorCall.Type.ADD_FRAMEWORK).findFirst().orElseThrow();
    assertEquals(cpusAtLeast(2), added.getOfferFilters());

    harness.call(update(id, Fixtures.newFramework("f").putOfferFilters("*", cpusAtLeast(1))), stream);

    AllocatorCall updated = lastAllocatorCall();
    assertEquals(AllocatorCall.Type.UPDATE_FRAMEWORK, updated.getType());
    assertEquals(id, updated.getFrameworkId().getValue());
    assertEquals(cpusAtLeast(1), updated.getOfferFilters());

    // A new name alone is nothing to the allocator.
    int calls = harness.toAllocator().size();
    harness.call(update(id, Fixtures.newFramework("renamed").putOfferFilters("*", cpusAtLeast(1))), stream);
    assertEquals(calls, harness.toAllocator().size());

    harness.call(update(id, Fixtures.newFramework("renamed")), stream);
    assertEquals(AllocatorCall.Type.UPDATE_FRAMEWORK, lastAllocatorCall().getType());
    assertTrue(!lastAllocatorCall().hasOfferFilters(), "without filters the master's minimums apply again");
  }

  @Test
  void aResubscriptionBringsItsOwnOfferFilters() {
    String id = harness.subscribe(Fixtures.newFramework("f").putOfferFilters("*", cpusAtLeast(2)).build(), stream);

    harness.subscribe(Fixtures.newFramework("f").setId(FrameworkID.newBuilder().setValue(id))
        .putOfferFilters("*", cpusAtLeast(4)).build(), harness.newStream());

    AllocatorCall updated = harness.toAllocator().stream()
        .filter(c -> c.getType() == AllocatorCall.Type.UPDATE_FRAMEWORK).findFirst().orElseThrow();
    assertEquals(cpusAtLeast(4), updated.getOfferFilters());
  }

  @Test
  void suppressedRolesSuppressAndTheirAbsenceRevives() {
    String id = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    harness.call(update(id, Fixtures.newFramework("f"), "*"), stream);
    assertEquals(AllocatorCall.Type.SUPPRESS_OFFERS, allocatorCalls().get(allocatorCalls().size() - 1));
    harness.call(update(id, Fixtures.newFramework("f")), stream);
    assertEquals(AllocatorCall.Type.REVIVE_OFFERS, allocatorCalls().get(allocatorCalls().size() - 1));
  }

  @Test
  void roleChangesWhileTheFrameworkHoldsNoTasks() {
    String id = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    Offer offer = harness.offer(id, "a1", "cpus:1;mem:256", stream);

    harness.call(update(id, Fixtures.newFramework("f").setRole("eng")), stream);

    List<Event> events = harness.toStream(stream);
    Event last = events.get(events.size() - 1);
    assertEquals(Event.Type.RESCIND, last.getType(), "its offer in the old role is withdrawn");
    assertEquals(offer.getId(), last.getRescind().getOfferId());
    List<AllocatorCall> calls = harness.toAllocator();
    AllocatorCall added = calls.get(calls.size() - 1);
    assertEquals(AllocatorCall.Type.ADD_FRAMEWORK, added.getType());
    assertEquals("eng", added.getRole());
    assertEquals("eng", shown(id).getFrameworkInfo().getRole());
  }

  @Test
  void roleStaysWhileTheFrameworkHasTasks() {
    String id = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    Offer offer = harness.offer(id, "a1", "cpus:1;mem:256", stream);
    harness.launch(id, stream, offer, Harness.task("t1", offer, "cpus:1;mem:256"));

    harness.refused(Failure.BAD_REQUEST, update(id, Fixtures.newFramework("f").setRole("eng")), stream);
    assertEquals("*", shown(id).getFrameworkInfo().getRole());
  }

  @Test
  void userPrincipalAndAnotherFrameworksIdAreRefused() {
    String id = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    harness.refused(Failure.BAD_REQUEST, update(id, Fixtures.newFramework("f").setUser("root")), stream);
    harness.refused(Failure.BAD_REQUEST, update(id, Fixtures.newFramework("f").setPrincipal("p")), stream);
    Call otherId = update(id, Fixtures.newFramework("f")).toBuilder()
        .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(
            Fixtures.newFramework("f").setId(FrameworkID.newBuilder().setValue("other")))).build();
    harness.refused(Failure.BAD_REQUEST, otherId, stream);
    harness.refused(Failure.BAD_REQUEST, Fixtures.call(Call.Type.UPDATE_FRAMEWORK, id).build(), stream);
    harness.refused(Failure.BAD_REQUEST, update(id, Fixtures.newFramework("f").putOfferFilters("other-role",
        OfferFilters.getDefaultInstance())), stream);
    assertEquals("f", shown(id).getFrameworkInfo().getName());
  }

  @Test
  void subscribeWithItsRoleSuppressedGetsNoOffersUntilRevive() {
    Call subscribe = Fixtures.subscribe(Fixtures.newFramework("f").build()).toBuilder()
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(Fixtures.newFramework("f")).addSuppressedRoles("*"))
        .build();
    harness.call(subscribe, stream);
    AllocatorCall added = harness.toAllocator().stream()
        .filter(c -> c.getType() == AllocatorCall.Type.ADD_FRAMEWORK).findFirst().orElseThrow();
    assertTrue(added.getSuppressed(), "added to the allocator suppressed");

    Call otherRole = subscribe.toBuilder().setSubscribe(subscribe.getSubscribe().toBuilder()
        .clearSuppressedRoles().addSuppressedRoles("eng")).build();
    harness.refused(Failure.BAD_REQUEST, otherRole, harness.newStream());
  }

  @Test
  void requestIsAcceptedAndChangesNothing() {
    String id = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    int allocatorCalls = harness.toAllocator().size();
    Call request = Fixtures.call(Call.Type.REQUEST, id)
        .setRequest(Call.Request.newBuilder().addRequests(Request.newBuilder().addResources(Fixtures.res("cpus:1").toProto().get(0))))
        .build();
    harness.call(request, stream);
    assertEquals(allocatorCalls, harness.toAllocator().size());
  }
}
