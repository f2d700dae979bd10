package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.model.Resources;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.internal.FrameworkRecord;
import io.mezzo.v1.scheduler.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent that misses {@code max_missed_pings} pings in a row is unreachable: its offers are
 * rescinded, its resources leave the pool, its tasks become TASK_UNREACHABLE for
 * partition-aware frameworks and TASK_LOST for the others, and every framework hears that the
 * agent failed. (Pings every second and three misses allowed, as {@link Fixtures#config()}.)
 */
class AgentPingsTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String plainStream = harness.newStream();
  private final String awareStream = harness.newStream();
  private final String plain = harness.subscribe(Fixtures.newFramework("plain").build(), plainStream);
  private final String aware = harness.subscribe(Fixtures.partitionAware(Fixtures.newFramework("aware")).build(), awareStream);

  private Offer runTask(String frameworkId, String stream, String taskId) {
    Offer offer = harness.offer(frameworkId, "a1", "cpus:1;mem:256", stream);
    harness.launch(frameworkId, stream, offer, Harness.task(taskId, offer, "cpus:1;mem:256"));
    return offer;
  }

  @Test
  void aSilentAgentsTasksBecomeLostOrUnreachableByTheFrameworksCapability() {
    runTask(plain, plainStream, "p1");
    runTask(aware, awareStream, "w1");
    Offer outstanding = harness.offer(plain, "a1", "cpus:1;mem:256", plainStream);
    harness.silenceAgent("a1", true);

    // Pings at 1, 3 and 5 s, each unanswered a second later: the third miss is at 6 s.
    harness.advance(Duration.ofSeconds(5));
    assertTrue(harness.agentView("a1").getActive(), "two pings missed are not three");
    harness.advance(Duration.ofSeconds(1));

    assertFalse(harness.agentView("a1").getActive());
    TaskStatus lost = harness.lastUpdate(plainStream, "p1");
    assertEquals(TaskState.TASK_LOST, lost.getState());
    assertEquals(TaskStatus.Source.SOURCE_MASTER, lost.getSource());
    assertEquals(TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
    assertTrue(lost.getMessage().contains("3 pings missed"), lost.getMessage());
    TaskStatus unreachable = harness.lastUpdate(awareStream, "w1");
    assertEquals(TaskState.TASK_UNREACHABLE, unreachable.getState());
    assertTrue(unreachable.hasUnreachableTime());
    for (String stream : List.of(plainStream, awareStream)) {
      assertTrue(harness.toStream(stream).stream().anyMatch(event -> event.getType() == Event.Type.FAILURE
          && event.getFailure().getAgentId().getValue().equals("a1")), stream + " hears that a1 failed");
    }
    assertTrue(harness.toStream(plainStream).stream().anyMatch(event -> event.getType() == Event.Type.RESCIND
        && event.getRescind().getOfferId().equals(outstanding.getId())), "the agent's offer is rescinded");
    assertTrue(harness.toAllocator().stream().anyMatch(call -> call.getType() == AllocatorCall.Type.REMOVE_AGENT));
    var tasks = harness.state().getGetTasks();
    assertEquals(List.of("w1"), tasks.getUnreachableTasksList().stream().map(t -> t.getTaskId().getValue()).toList());
    assertEquals(TaskState.TASK_LOST, harness.task("p1").getState());
    assertEquals(0, tasks.getTasksCount());
    // The operator API's event, not the scheduler API's of the same simple name.
    assertTrue(harness.port.publishedTo(Addresses.EVENTS_AGENTS, io.mezzo.v1.master.Event.class).stream()
        .anyMatch(event -> event.getType() == io.mezzo.v1.master.Event.Type.AGENT_REMOVED));
  }

  @Test
  void anAnsweredPingForgivesTheMissesBefore() {
    harness.silenceAgent("a1", true);
    harness.advance(Duration.ofSeconds(4));
    harness.silenceAgent("a1", false);
    harness.advance(Duration.ofSeconds(1));
    harness.silenceAgent("a1", true);
    harness.advance(Duration.ofSeconds(4));

    assertTrue(harness.agentView("a1").getActive(), "never three misses in a row");
  }

  @Test
  void anUnreachableAgentThatReregistersBringsItsTasksBack() {
    runTask(aware, awareStream, "w1");
    harness.silenceAgent("a1", true);
    harness.advance(Duration.ofSeconds(6));
    Task running = harness.task("w1").toBuilder().setState(TaskState.TASK_RUNNING).build();

    harness.silenceAgent("a1", false);
    harness.call(Fixtures.reregisterAgent("a1", List.of(running), List.of()));

    assertTrue(harness.agentView("a1").getActive());
    TaskStatus back = harness.lastUpdate(awareStream, "w1");
    assertEquals(TaskState.TASK_RUNNING, back.getState());
    assertEquals(TaskStatus.Reason.REASON_AGENT_REREGISTERED, back.getReason());
    assertEquals("Unreachable agent re-registered", back.getMessage());
    assertEquals(1, harness.state().getGetTasks().getTasksCount());
    assertEquals(Resources.parse("cpus:1;mem:256"), Resources.fromProto(harness.agentView("a1").getAllocatedResourcesList()));
  }

  @Test
  void anAgentOfTheReplicatedStateThatDoesNotReregisterInTimeIsUnreachable() {
    Harness leader = new Harness();
    AgentRecord known = AgentRecord.newBuilder().setInfo(Fixtures.agentInfo("a9")).setReachable(true).build();
    FrameworkRecord framework = FrameworkRecord.newBuilder()
        .setInfo(Fixtures.frameworkInfo("f9").toBuilder().setFailoverTimeout(3600)).setRole("*").build();
    Task task = Fixtures.taskProto("f9", "t9", "a9", "cpus:1", TaskState.TASK_RUNNING);
    leader.master.recover(Map.of("a9", known), Map.of("f9", framework), List.of(task));
    leader.start();
    assertTrue(leader.toAgent("a9").stream().anyMatch(event -> event.getType() == AgentEvent.Type.PING_AGENT),
        "the new leader pings the agents it knows at once");
    leader.silenceAgent("a9", true);

    leader.advance(Duration.ofSeconds(9));
    assertEquals(TaskState.TASK_RUNNING, leader.task("t9").getState(), "a recovered agent answers to its deadline, not to pings");
    leader.advance(Duration.ofSeconds(1));

    assertFalse(leader.agentView("a9").getActive());
    assertEquals(TaskState.TASK_LOST, leader.task("t9").getState());
    assertEquals(0, leader.state().getGetTasks().getTasksCount());
  }
}
