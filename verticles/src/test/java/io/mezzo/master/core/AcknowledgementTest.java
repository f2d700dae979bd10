package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Status updates go to the framework's current stream, and acknowledgements from it to the
 * agent: after a scheduler fails over, the old instance hears nothing and can acknowledge
 * nothing, and the new one gets the agent's retries and acknowledges them.
 */
class AcknowledgementTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String first = harness.newStream();
  private final String framework =
      harness.subscribe(Fixtures.newFramework("f").setFailoverTimeout(60).build(), first);

  @Test
  void afterAResubscribeUpdatesAndAcknowledgementsTakeTheNewStream() {
    Offer offer = harness.offer(framework, "a1", "cpus:1;mem:256", first);
    harness.call(Fixtures.accept(framework, List.of(offer.getId().getValue()),
        List.of(Harness.task("t1", offer, "cpus:1;mem:256")), 0), first);
    AgentCall running = Fixtures.statusUpdate("a1", framework, "t1", TaskState.TASK_RUNNING, 1);
    harness.call(running);
    TaskStatus delivered = harness.lastUpdate(first, "t1");
    assertEquals(running.getUpdateStatus().getStatus().getUuid(), delivered.getUuid());
    assertEquals("a1", delivered.getAgentId().getValue(), "the master names the agent that sent the update");

    // A new instance takes over before the first acknowledged.
    String second = harness.newStream();
    harness.subscribe(Fixtures.newFramework("f").setId(FrameworkID.newBuilder().setValue(framework)).build(), second);
    Event last = harness.toStream(first).get(harness.toStream(first).size() - 1);
    assertEquals(Event.Type.ERROR, last.getType());
    assertTrue(last.getError().getMessage().contains("failed over"), last.getError().getMessage());
    harness.refused(Failure.BAD_REQUEST, Fixtures.acknowledge(framework, delivered), first);

    harness.port.clear();
    harness.call(running);
    assertEquals(List.of(), harness.updates(first, "t1"), "the old stream hears nothing more");
    TaskStatus retried = harness.lastUpdate(second, "t1");
    assertEquals(delivered.getUuid(), retried.getUuid(), "the agent's retry reaches the new instance");

    harness.call(Fixtures.acknowledge(framework, retried), second);
    AgentEvent ack = harness.toAgent("a1").get(0);
    assertEquals(AgentEvent.Type.ACKNOWLEDGE_UPDATE, ack.getType());
    assertEquals(framework, ack.getAcknowledgeUpdate().getFrameworkId().getValue());
    assertEquals("t1", ack.getAcknowledgeUpdate().getTaskId().getValue());
    assertEquals(retried.getUuid(), ack.getAcknowledgeUpdate().getUuid());
  }

  @Test
  void acknowledgingTheTerminalUpdateCompletesTheTask() {
    Offer offer = harness.offer(framework, "a1", "cpus:1;mem:256", first);
    harness.launch(framework, first, offer, Harness.task("t1", offer, "cpus:1;mem:256"));
    TaskStatus finished = harness.update("a1", framework, "t1", TaskState.TASK_FINISHED);
    assertEquals(1, harness.state().getGetTasks().getTasksCount(), "kept until its end is acknowledged, as Mesos does");

    harness.call(Fixtures.acknowledge(framework, harness.lastUpdate(first, "t1")), first);

    assertEquals(0, harness.state().getGetTasks().getTasksCount());
    assertEquals(TaskState.TASK_FINISHED, harness.state().getGetTasks().getCompletedTasks(0).getState());
    assertEquals(finished.getUuid(), harness.toAgent("a1").get(harness.toAgent("a1").size() - 1).getAcknowledgeUpdate().getUuid());
  }

  @Test
  void anAcknowledgementNamingAnUnknownAgentIsRefused() {
    TaskStatus unknown = TaskStatus.newBuilder()
        .setAgentId(AgentID.newBuilder().setValue("nobody"))
        .setTaskId(TaskID.newBuilder().setValue("t1"))
        .setUuid(Fixtures.uuid(1))
        .build();
    harness.refused(Failure.NOT_FOUND, Fixtures.acknowledge(framework, unknown), first);
  }

  @Test
  void updatesOfARemovedFrameworkAreAcknowledgedByTheMaster() {
    harness.call(Fixtures.call(Call.Type.TEARDOWN, framework).build(), first);
    harness.port.clear();

    harness.update("a1", framework, "t1", TaskState.TASK_RUNNING);

    AgentEvent ack = harness.toAgent("a1").get(0);
    assertEquals(AgentEvent.Type.ACKNOWLEDGE_UPDATE, ack.getType(), "nobody else will, and the agent would retry forever");
  }
}
