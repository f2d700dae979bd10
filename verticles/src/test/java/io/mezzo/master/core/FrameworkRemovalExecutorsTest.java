package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.AgentID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;
import org.junit.jupiter.api.Test;

/**
 * An executor outlives the tasks it ran (a custom executor waits for more): when its
 * framework is torn down, its agent must still hear SHUTDOWN_FRAMEWORK, or the executor
 * would run on with nobody to stop it.
 */
class FrameworkRemovalExecutorsTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String stream = harness.newStream();
  private final String framework = harness.subscribe(Fixtures.newFramework("f").build(), stream);

  @Test
  void teardownReachesTheAgentOfAnExecutorWhoseTasksAreAllDone() {
    Offer offer = harness.offer(framework, "a1", "cpus:4;mem:1024", stream);
    harness.call(Fixtures.acceptGroup(framework, offer.getId().getValue(),
        Fixtures.defaultExecutor("e1", "cpus:0.1;mem:32"),
        TaskGroupInfo.newBuilder().addTasks(Harness.task("a", offer, "cpus:0.5;mem:64")).build()), stream);
    TaskStatus finished = harness.update("a1", framework, "a", TaskState.TASK_FINISHED);
    harness.call(Fixtures.acknowledge(framework,
        finished.toBuilder().setAgentId(AgentID.newBuilder().setValue("a1")).build()), stream);
    assertEquals(1, harness.state().getGetExecutors().getExecutorsCount(), "the executor still runs");

    harness.call(Fixtures.call(Call.Type.TEARDOWN, framework).build(), stream);

    assertTrue(harness.toAgent("a1").stream().anyMatch(event -> event.getType() == AgentEvent.Type.SHUTDOWN_FRAMEWORK
        && event.getShutdownFramework().getFrameworkId().getValue().equals(framework)));
    assertEquals(0, harness.state().getGetExecutors().getExecutorsCount());
  }
}
