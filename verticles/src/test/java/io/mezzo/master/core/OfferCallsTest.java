package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACCEPT and DECLINE: a call the master refuses changes nothing; an accepted call launches
 * its valid tasks, reports each invalid one as TASK_ERROR, and gives back what no task uses.
 */
class OfferCallsTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String stream = harness.newStream();
  private final String framework = harness.subscribe(Fixtures.newFramework("f").build(), stream);

  /** Who holds what, as operators see it. */
  private record Totals(Resources total, Resources used, Resources offered) {}

  private Totals totals() {
    Response.GetAgents.Agent agent = harness.agentView("a1");
    return new Totals(Resources.fromProto(agent.getTotalResourcesList()),
        Resources.fromProto(agent.getAllocatedResourcesList()), Resources.fromProto(agent.getOfferedResourcesList()));
  }

  private Call accept(List<Offer> offers, TaskInfo... tasks) {
    return Fixtures.accept(framework, offers.stream().map(offer -> offer.getId().getValue()).toList(), List.of(tasks), 0);
  }

  @Test
  void unknownAndUsedOffersAreRefusedAndChangeNothing() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    Totals before = totals();
    TaskInfo task = Harness.task("t", offer, "cpus:0.1;mem:16");

    Refusal unknown = harness.refused(Failure.NOT_FOUND,
        Fixtures.accept(framework, List.of("no-such-offer"), List.of(task), 0), stream);
    assertTrue(unknown.getMessage().contains("no-such-offer"), unknown.getMessage());
    harness.refused(Failure.BAD_REQUEST, accept(List.of(offer, offer), task), stream);
    harness.refused(Failure.BAD_REQUEST, Fixtures.call(Call.Type.DECLINE, framework)
        .setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(-1)))
        .build(), stream);
    assertEquals(before, totals());

    // The offer survived all that: it can still be used, once.
    harness.call(accept(List.of(offer), Harness.task("ok", offer, "cpus:0.5;mem:64")), stream);
    Totals launched = totals();
    assertEquals(Resources.parse("cpus:0.5;mem:64"), launched.used());
    assertEquals(Resources.empty(), launched.offered(), "what the task does not use goes back to the allocator");
    harness.refused(Failure.NOT_FOUND, accept(List.of(offer), Harness.task("again", offer, "cpus:0.1;mem:16")), stream);
    assertEquals(launched, totals());
  }

  @Test
  void invalidTasksGetTaskErrorAndLeaveNothingBehind() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    TaskInfo valid = Harness.task("dup", offer, "cpus:0.5;mem:64");
    TaskInfo tooBig = Harness.task("big", offer, "cpus:100;mem:64");
    TaskInfo noCommand = Harness.task("nocmd", offer, "cpus:0.1;mem:16").toBuilder().clearCommand().build();
    TaskInfo badId = Harness.task("bad/id", offer, "cpus:0.1;mem:16");
    TaskInfo hugeLabel = Harness.task("labelled", offer, "cpus:0.1;mem:16").toBuilder()
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v".repeat(1024 * 1024))))
        .build();

    harness.call(accept(List.of(offer), valid, valid, tooBig, noCommand, badId, hugeLabel), stream);

    assertError("labelled", "labels.labels[0].value is longer than 4096 characters");
    assertError("big", "more resources");
    assertError("nocmd", "no command");
    assertError("bad/id", "task ID");
    assertEquals(List.of(TaskState.TASK_ERROR), harness.updates(stream, "dup").stream().map(TaskStatus::getState).toList());
    assertTrue(harness.lastUpdate(stream, "dup").getMessage().contains("duplicate ID"));
    assertEquals(1, harness.toAgent("a1").stream().filter(event -> event.getType() == AgentEvent.Type.RUN_TASK).count());
    assertEquals(Resources.parse("cpus:0.5;mem:64"), totals().used());
    assertEquals(1, harness.state().getGetTasks().getTasksCount(), "invalid tasks are not tracked");
    AllocatorCall recovered = harness.toAllocator().get(harness.toAllocator().size() - 1);
    assertEquals(AllocatorCall.Type.RECOVER_RESOURCES, recovered.getType());
    assertEquals(Resources.parse("cpus:1.5;mem:960"), Resources.fromProto(recovered.getResourcesList()));

    // A task ID that is already running is a duplicate too.
    Offer next = harness.offer(framework, "a1", "cpus:1;mem:256", stream);
    harness.call(accept(List.of(next), Harness.task("dup", next, "cpus:0.1;mem:16")), stream);
    assertEquals(2, harness.updates(stream, "dup").size());
    assertEquals(Resources.parse("cpus:0.5;mem:64"), totals().used());
  }

  @Test
  void offersOfSeveralAgentsOrUnsupportedOperationsAreRefused() {
    harness.agent("a2");
    Offer first = harness.offer(framework, "a1", "cpus:1;mem:512", stream);
    Offer second = harness.offer(framework, "a2", "cpus:1;mem:512", stream);
    Response.GetState before = harness.state();

    harness.refused(Failure.BAD_REQUEST, accept(List.of(first, second), Harness.task("t", first, "cpus:0.1;mem:16")), stream);
    Call unsupported = Fixtures.call(Call.Type.ACCEPT, framework).setAccept(Call.Accept.newBuilder()
        .addOfferIds(first.getId())
        .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.UNKNOWN))).build();
    harness.refused(Failure.BAD_REQUEST, unsupported, stream);

    assertEquals(before, harness.state());
  }

  @Test
  void declinesAndSuppressionReachTheAllocatorWithTheirFilters() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);

    harness.call(Fixtures.call(Call.Type.DECLINE, framework).setDecline(Call.Decline.newBuilder()
        .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))).build(), stream);
    AllocatorCall declined = harness.toAllocator().get(harness.toAllocator().size() - 1);
    assertEquals(AllocatorCall.Type.RECOVER_RESOURCES, declined.getType());
    assertEquals(3600, declined.getFilters().getRefuseSeconds());
    assertEquals(Resources.parse("cpus:2;mem:1024"), Resources.fromProto(declined.getResourcesList()));
    assertEquals(Resources.empty(), totals().offered());

    harness.call(Fixtures.call(Call.Type.SUPPRESS, framework).build(), stream);
    assertEquals(AllocatorCall.Type.SUPPRESS_OFFERS, harness.toAllocator().get(harness.toAllocator().size() - 1).getType());
    harness.call(Fixtures.call(Call.Type.REVIVE, framework).build(), stream);
    assertEquals(AllocatorCall.Type.REVIVE_OFFERS, harness.toAllocator().get(harness.toAllocator().size() - 1).getType());
  }

  @Test
  void offersGoWhenTheirFrameworkFailsOverOrComeTooLate() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    String next = harness.newStream();
    harness.subscribe(Fixtures.newFramework("f").setId(offer.getFrameworkId()).build(), next);

    assertEquals(Resources.empty(), totals().offered(), "the new instance starts from fresh offers");
    assertTrue(harness.toStream(next).stream().noneMatch(event -> event.getType() == Event.Type.RESCIND));
    harness.refused(Failure.NOT_FOUND, Fixtures.accept(framework, List.of(offer.getId().getValue()), List.of(), 0), next);

    // An allocation for a framework that is gone goes straight back.
    harness.call(Fixtures.call(Call.Type.TEARDOWN, framework).build(), next);
    harness.master.offer(Fixtures.allocation(framework, "a1", "cpus:1"));
    assertEquals(AllocatorCall.Type.RECOVER_RESOURCES, harness.toAllocator().get(harness.toAllocator().size() - 1).getType());
    assertEquals(Resources.empty(), totals().offered());
  }

  private void assertError(String taskId, String reasonText) {
    TaskStatus status = harness.lastUpdate(stream, taskId);
    assertEquals(TaskState.TASK_ERROR, status.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, status.getReason());
    assertTrue(status.getMessage().toLowerCase().contains(reasonText.toLowerCase()), taskId + ": " + status.getMessage());
  }
}
