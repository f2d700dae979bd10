package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.model.Resources;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Task;
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
 * A re-registering agent is the truth for its tasks: tasks the master did not know come
 * back, tasks the master knew that the agent no longer runs are lost (gone, for
 * partition-aware frameworks), and tasks of removed frameworks are shut down.
 */
class AgentReregistrationTest {
  private final Harness harness = new Harness().start();

  @Test
  void tasksTheMasterDoesNotKnowComeBackWithTheirFrameworks() {
    // A leader that starts afresh: it knows neither the agent nor the framework.
    FrameworkInfo framework = Fixtures.frameworkInfo("old-fw").toBuilder().setFailoverTimeout(60).build();
    Task running = Fixtures.taskProto("old-fw", "t1", "a1", "cpus:1;mem:256", TaskState.TASK_RUNNING);

    AgentEvent reply = (AgentEvent) harness.call(Fixtures.reregisterAgent("a1", List.of(running), List.of(framework)));

    assertEquals(AgentEvent.Type.AGENT_REREGISTERED, reply.getType());
    Response.GetState state = harness.state();
    Response.GetFrameworks.Framework recovered = state.getGetFrameworks().getFrameworks(0);
    assertEquals("old-fw", recovered.getFrameworkInfo().getId().getValue());
    assertFalse(recovered.getConnected(), "the framework waits, disconnected, for its scheduler");
    assertEquals(TaskState.TASK_RUNNING, harness.task("t1").getState());
    assertEquals(Resources.parse("cpus:1;mem:256"), Resources.fromProto(harness.agentView("a1").getAllocatedResourcesList()));
    AllocatorCall added = harness.toAllocator().stream()
        .filter(call -> call.getType() == AllocatorCall.Type.ADD_AGENT).findFirst().orElseThrow();
    assertEquals("old-fw", added.getUsed(0).getFrameworkId().getValue(), "the allocator counts the task as used");

    // Its scheduler re-subscribes and finds the task by reconciliation.
    String stream = harness.newStream();
    harness.subscribe(framework, stream);
    harness.call(Fixtures.call(Call.Type.RECONCILE, "old-fw").setReconcile(Call.Reconcile.newBuilder()).build(), stream);
    TaskStatus latest = harness.lastUpdate(stream, "t1");
    assertEquals(TaskState.TASK_RUNNING, latest.getState());
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, latest.getReason());
  }

  @Test
  void tasksOfFrameworksTheMasterRemovedAreShutDown() {
    Task orphan = Fixtures.taskProto("removed-fw", "t1", "a1", "cpus:1", TaskState.TASK_RUNNING);

    harness.call(Fixtures.reregisterAgent("a1", List.of(orphan), List.of()));

    assertTrue(harness.toAgent("a1").stream().anyMatch(event -> event.getType() == AgentEvent.Type.SHUTDOWN_FRAMEWORK
        && event.getShutdownFramework().getFrameworkId().getValue().equals("removed-fw")));
    assertNull(harness.task("t1"), "a task of no known framework is not tracked");
  }

  @Test
  void tasksTheMasterKnowsButTheAgentLacksAreLostOrGone() {
    harness.agent("a1");
    String plainStream = harness.newStream();
    String awareStream = harness.newStream();
    String plain = harness.subscribe(Fixtures.newFramework("plain").build(), plainStream);
    String aware = harness.subscribe(Fixtures.partitionAware(Fixtures.newFramework("aware")).build(), awareStream);
    Offer plainOffer = harness.offer(plain, "a1", "cpus:2;mem:512", plainStream);
    harness.launch(plain, plainStream, plainOffer,
        Harness.task("kept", plainOffer, "cpus:1;mem:256"), Harness.task("p-missing", plainOffer, "cpus:1;mem:256"));
    Offer awareOffer = harness.offer(aware, "a1", "cpus:1;mem:256", awareStream);
    harness.launch(aware, awareStream, awareOffer, Harness.task("w-missing", awareOffer, "cpus:1;mem:256"));
    Offer outstanding = harness.offer(plain, "a1", "cpus:1;mem:256", plainStream);
    Task kept = harness.task("kept");

    // The agent believes it lost the master and re-registers with one task of three.
    harness.call(Fixtures.reregisterAgent("a1", List.of(kept),
        List.of(Fixtures.frameworkInfo(plain), Fixtures.frameworkInfo(aware))));

    TaskStatus lost = harness.lastUpdate(plainStream, "p-missing");
    assertEquals(TaskState.TASK_LOST, lost.getState());
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, lost.getReason());
    assertTrue(lost.getMessage().contains("not reported by agent a1"), lost.getMessage());
    assertEquals(TaskState.TASK_GONE, harness.lastUpdate(awareStream, "w-missing").getState());
    assertEquals(List.of("kept"),
        harness.state().getGetTasks().getTasksList().stream().map(task -> task.getTaskId().getValue()).toList());
    assertEquals(Resources.parse("cpus:1;mem:256"), Resources.fromProto(harness.agentView("a1").getAllocatedResourcesList()));
    assertTrue(harness.toStream(plainStream).stream().anyMatch(event -> event.getType() == Event.Type.RESCIND
        && event.getRescind().getOfferId().equals(outstanding.getId())), "the agent's bookkeeping starts afresh");
  }

  @Test
  void aSecondRegistrationUnderAnIdInUseIsRefused() {
    harness.agent("a1");
    var other = Fixtures.registerAgent("a1").toBuilder();
    other.getRegisterAgentBuilder().getAgentInfoBuilder().setHostname("elsewhere.example");

    harness.refused(Failure.CONFLICT, other.build(), null);
    assertEquals(AgentEvent.Type.AGENT_REGISTERED, ((AgentEvent) harness.call(Fixtures.registerAgent("a1"))).getType(),
        "a retried registration of the same agent is answered again");
  }
}
