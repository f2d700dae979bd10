package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.model.Resources;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.master.Event;
import io.mezzo.v1.master.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LAUNCH_GROUP and executors at the master: a valid group goes to its agent whole, with its
 * default executor's resources accounted like its tasks'; an invalid group launches nothing;
 * the executor's resources return to the allocator when its agent says it exited.
 */
class TaskGroupsTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String stream = harness.newStream();
  private final String framework = harness.subscribe(Fixtures.newFramework("f").build(), stream);

  private Resources used() {
    Response.GetAgents.Agent agent = harness.agentView("a1");
    return Resources.fromProto(agent.getAllocatedResourcesList());
  }

  private static TaskGroupInfo group(Offer offer, String... ids) {
    TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
    for (String id : ids) {
      group.addTasks(Harness.task(id, offer, "cpus:0.5;mem:64"));
    }
    return group.build();
  }

  private AllocatorCall lastAllocatorCall() {
    List<AllocatorCall> calls = harness.toAllocator();
    return calls.get(calls.size() - 1);
  }

  @Test
  void aValidGroupGoesToItsAgentWholeAndItsExecutorResourcesAreUsed() {
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);
    ExecutorInfo executor = Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32");

    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(), executor, group(offer, "a", "b", "c")), stream);

    AgentEvent run = harness.toAgent("a1").stream()
        .filter(event -> event.getType() == AgentEvent.Type.RUN_TASK_GROUP).findFirst().orElseThrow();
    assertEquals(3, run.getRunTaskGroup().getTaskGroup().getTasksCount());
    assertEquals(framework, run.getRunTaskGroup().getExecutor().getFrameworkId().getValue(),
        "the agent learns whose executor it runs");
    assertEquals(Resources.parse("cpus:1.6;mem:224"), used(), "three tasks and their executor");
    AllocatorCall rest = lastAllocatorCall();
    assertEquals(AllocatorCall.Type.RECOVER_RESOURCES, rest.getType());
    assertEquals(Resources.parse("cpus:2.4;mem:800"), Resources.fromProto(rest.getResourcesList()));
    assertEquals("group-1", harness.task("a").getExecutorId().getValue());
    List<Event> events = harness.port.publishedTo(Addresses.EVENTS_EXECUTORS, Event.class);
    assertEquals(Event.Type.EXECUTOR_ADDED, events.get(0).getType());
    assertEquals("group-1", harness.state().getGetExecutors().getExecutors(0).getExecutorInfo().getExecutorId().getValue());
  }

  @Test
  void executorResourcesReturnWhenItsAgentSaysItExited() {
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);
    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(),
        Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32"), group(offer, "a", "b")), stream);
    harness.update("a1", framework, "a", TaskState.TASK_FAILED);
    harness.update("a1", framework, "b", TaskState.TASK_KILLED);
    assertEquals(Resources.parse("cpus:0.1;mem:32"), used(), "the executor still runs");

    harness.call(Fixtures.exitedExecutor("a1", framework, "group-1"));

    assertEquals(Resources.empty(), used());
    AllocatorCall recovered = lastAllocatorCall();
    assertEquals(AllocatorCall.Type.RECOVER_RESOURCES, recovered.getType());
    assertEquals(Resources.parse("cpus:0.1;mem:32"), Resources.fromProto(recovered.getResourcesList()));
    List<Event> events = harness.port.publishedTo(Addresses.EVENTS_EXECUTORS, Event.class);
    assertEquals(Event.Type.EXECUTOR_REMOVED, events.get(events.size() - 1).getType());
    // A second report of the same exit changes nothing.
    int calls = harness.toAllocator().size();
    harness.call(Fixtures.exitedExecutor("a1", framework, "group-1"));
    assertEquals(calls, harness.toAllocator().size());
  }

  @Test
  void teardownShutsAnExecutorDownOnItsAgentEvenWithNoTaskLeftThere() {
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);
    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(),
        Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32"), group(offer, "a")), stream);
    TaskStatus finished = harness.update("a1", framework, "a", TaskState.TASK_FINISHED);
    harness.call(Fixtures.acknowledge(framework, finished.toBuilder()
        .setAgentId(io.mezzo.v1.AgentID.newBuilder().setValue("a1")).build()), stream);

    harness.call(Fixtures.call(io.mezzo.v1.scheduler.Call.Type.TEARDOWN, framework).build(), stream);

    assertTrue(harness.toAgent("a1").stream().anyMatch(event -> event.getType() == AgentEvent.Type.SHUTDOWN_FRAMEWORK));
    assertEquals(Resources.empty(), used());
  }

  @Test
  void anInvalidTaskMakesTheWholeGroupTaskErrorAndLaunchesNothing() {
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);
    TaskGroupInfo group = group(offer, "a", "b").toBuilder()
        .addTasks(Harness.task("c", offer, "cpus:0.5;mem:64").toBuilder().clearCommand())
        .build();

    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(),
        Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32"), group), stream);

    for (String task : List.of("a", "b", "c")) {
      TaskStatus status = harness.lastUpdate(stream, task);
      assertEquals(TaskState.TASK_ERROR, status.getState());
      assertEquals(TaskStatus.Reason.REASON_TASK_GROUP_INVALID, status.getReason());
      assertTrue(status.getMessage().contains("Task c: Task has no command"), status.getMessage());
    }
    assertTrue(harness.toAgent("a1").stream().noneMatch(event -> event.getType() == AgentEvent.Type.RUN_TASK_GROUP));
    assertEquals(Resources.empty(), used());
  }

  @Test
  void theGroupsExecutorMustBeADefaultOneWithinTheOffer() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    ExecutorInfo custom = Fixtures.defaultExecutor("e", "cpus:0.1;mem:32").toBuilder()
        .setType(ExecutorInfo.Type.CUSTOM).setCommand(CommandInfo.newBuilder().setValue("./executor")).build();
    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(), custom, group(offer, "a")), stream);
    assertTrue(harness.lastUpdate(stream, "a").getMessage().contains("type DEFAULT"));

    Offer second = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    harness.call(Fixtures.acceptGroup(framework, second.getId().getValue(),
        Fixtures.defaultExecutor("e", "cpus:1.8;mem:32"), group(second, "b")), stream);
    TaskStatus tooBig = harness.lastUpdate(stream, "b");
    assertEquals(TaskState.TASK_ERROR, tooBig.getState());
    assertTrue(tooBig.getMessage().contains("more resources"), tooBig.getMessage());
    assertEquals(Resources.empty(), used());
  }

  @Test
  void aTaskOfALaunchMayNotUseTheDefaultExecutor() {
    Offer offer = harness.offer(framework, "a1", "cpus:2;mem:1024", stream);
    TaskInfo task = Harness.task("t", offer, "cpus:0.5;mem:64").toBuilder()
        .setExecutor(Fixtures.defaultExecutor("e", "cpus:0.1;mem:32")).build();
    harness.call(Fixtures.accept(framework, List.of(offer.getId().getValue()), List.of(task), 0), stream);
    TaskStatus status = harness.lastUpdate(stream, "t");
    assertEquals(TaskState.TASK_ERROR, status.getState());
    assertTrue(status.getMessage().contains("task groups only"), status.getMessage());
  }
}
