package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.internal.FrameworkRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Executors in the replicated state: a leader's executors (their resources) are kept with
 * their agent's record, so that its successor counts them as used from the start, gives them
 * to the allocator as used when the agent re-registers, and forgets the ones the agent no
 * longer reports.
 */
class ExecutorFailoverTest {
  /** Keeps what a leader writes to the replicated state, as Persistence does. */
  static final class Replica implements MasterState.Listener {
    final Map<String, Supplier<AgentRecord>> agents = new LinkedHashMap<>();
    final Map<String, Supplier<FrameworkRecord>> frameworks = new LinkedHashMap<>();
    final Map<TaskKey, Supplier<Task>> tasks = new LinkedHashMap<>();

    @Override
    public void agentChanged(String agentId, Supplier<AgentRecord> record) {
      agents.put(agentId, record);
    }

    @Override
    public void frameworkChanged(String frameworkId, Supplier<FrameworkRecord> record) {
      frameworks.put(frameworkId, record);
    }

    @Override
    public void taskChanged(TaskKey task, Supplier<Task> latest) {
      tasks.put(task, latest);
    }

    @Override
    public void taskRemoved(TaskKey task) {
      tasks.remove(task);
    }

    /** A new leader that takes over what was written. */
    Harness successor() {
      Map<String, AgentRecord> agentRecords = new LinkedHashMap<>();
      agents.forEach((id, record) -> agentRecords.put(id, record.get()));
      Map<String, FrameworkRecord> frameworkRecords = new LinkedHashMap<>();
      frameworks.forEach((id, record) -> frameworkRecords.put(id, record.get()));
      Harness next = new Harness();
      next.master.recover(agentRecords, frameworkRecords, tasks.values().stream().map(Supplier::get).toList());
      return next.start();
    }
  }

  private final Replica replica = new Replica();
  private final Harness leader = new Harness();
  private final String stream;
  private final String framework;
  private final ExecutorInfo executor = Fixtures.defaultExecutor("group-1", "cpus:0.1;mem:32");

  ExecutorFailoverTest() {
    leader.master.setListener(replica);
    leader.start().agent("a1");
    stream = leader.newStream();
    framework = leader.subscribe(Fixtures.newFramework("f").setFailoverTimeout(3600).build(), stream);
    Offer offer = leader.offer(framework, "a1", "cpus:4;mem:1024", stream);
    TaskGroupInfo group = TaskGroupInfo.newBuilder().addTasks(Harness.task("a", offer, "cpus:0.5;mem:64")).build();
    leader.call(Fixtures.acceptGroup(framework, offer.getId().getValue(), executor, group), stream);
    leader.update("a1", framework, "a", TaskState.TASK_RUNNING);
  }

  private static Resources used(Harness harness) {
    return Resources.fromProto(harness.agentView("a1").getAllocatedResourcesList());
  }

  private AgentCall reregistration(Harness harness, boolean withExecutor) {
    Task running = harness.task("a");
    FrameworkInfo info = Fixtures.frameworkInfo(framework);
    AgentCall call = Fixtures.reregisterAgent("a1", List.of(running), List.of(info));
    if (!withExecutor) {
      return call;
    }
    return call.toBuilder().setReregisterAgent(call.getReregisterAgent().toBuilder()
        .addExecutors(executor.toBuilder().setFrameworkId(info.getId()))).build();
  }

  private static AllocatorCall addedAgent(Harness harness) {
    List<AllocatorCall> calls = harness.toAllocator().stream()
        .filter(call -> call.getType() == AllocatorCall.Type.ADD_AGENT).toList();
    assertTrue(!calls.isEmpty(), "the agent was added to the allocator");
    return calls.get(calls.size() - 1);
  }

  @Test
  void theLeadersExecutorsAreInItsAgentsRecord() {
    AgentRecord record = replica.agents.get("a1").get();
    assertEquals(1, record.getExecutorsCount());
    assertEquals("group-1", record.getExecutors(0).getExecutorId().getValue());
    assertEquals(framework, record.getExecutors(0).getFrameworkId().getValue());

    leader.update("a1", framework, "a", TaskState.TASK_FINISHED);
    leader.call(Fixtures.exitedExecutor("a1", framework, "group-1"));
    assertEquals(0, replica.agents.get("a1").get().getExecutorsCount(), "an exited executor leaves the record");
  }

  @Test
  void aNewLeaderCountsTheExecutorsResourcesFromTheStartAndGivesThemToTheAllocatorAsUsed() {
    Harness next = replica.successor();

    assertEquals("group-1", next.state().getGetExecutors().getExecutors(0).getExecutorInfo().getExecutorId().getValue());
    assertEquals(Resources.parse("cpus:0.6;mem:96"), used(next), "the task and its executor");

    next.call(reregistration(next, true));

    assertEquals(Resources.parse("cpus:0.6;mem:96"), used(next));
    AllocatorCall added = addedAgent(next);
    assertEquals(1, added.getUsedCount());
    assertEquals(Resources.parse("cpus:0.6;mem:96"), Resources.fromProto(added.getUsed(0).getResourcesList()),
        "the executor's resources are not offered again");
    assertEquals(1, next.state().getGetExecutors().getExecutorsCount());
  }

  @Test
  void anExecutorTheReregisteringAgentDoesNotReportHasEnded() {
    Harness next = replica.successor();

    next.call(reregistration(next, false));

    assertEquals(0, next.state().getGetExecutors().getExecutorsCount());
    assertEquals(Resources.parse("cpus:0.5;mem:64"), used(next), "only the task holds resources");
    assertEquals(Resources.parse("cpus:0.5;mem:64"), Resources.fromProto(addedAgent(next).getUsed(0).getResourcesList()));
  }

  @Test
  void anExecutorOfARemovedFrameworkDoesNotComeBack() {
    leader.call(Fixtures.call(io.mezzo.v1.scheduler.Call.Type.TEARDOWN, framework).build(), stream);

    Harness next = replica.successor();

    assertEquals(0, next.state().getGetExecutors().getExecutorsCount());
    assertEquals(Resources.empty(), used(next));

    // Its agent still runs it (a custom executor lives on with no task): it is told to end it.
    AgentCall call = Fixtures.reregisterAgent("a1", List.of(), List.of());
    next.call(call.toBuilder().setReregisterAgent(call.getReregisterAgent().toBuilder()
        .addExecutors(executor.toBuilder().setFrameworkId(Fixtures.frameworkInfo(framework).getId()))).build());
    assertTrue(next.toAgent("a1").stream().anyMatch(event -> event.getType() == AgentEvent.Type.SHUTDOWN_FRAMEWORK
        && event.getShutdownFramework().getFrameworkId().getValue().equals(framework)));
    assertEquals(0, next.state().getGetExecutors().getExecutorsCount());
  }
}
