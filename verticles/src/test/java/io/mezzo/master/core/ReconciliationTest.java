package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.v1.AgentID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Call;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation answers with the latest state of each task asked for, or of every task when
 * none is named; tasks the master does not know get the answers Mesos gives, by capability.
 */
class ReconciliationTest {
  private final Harness harness = new Harness().start().agent("a1");

  private static Call.Reconcile.Task asked(String taskId, String agentId) {
    Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      task.setAgentId(AgentID.newBuilder().setValue(agentId));
    }
    return task.build();
  }

  private void reconcile(String framework, String stream, Call.Reconcile.Task... tasks) {
    harness.call(Fixtures.call(Call.Type.RECONCILE, framework)
        .setReconcile(Call.Reconcile.newBuilder().addAllTasks(List.of(tasks))).build(), stream);
  }

  @Test
  void knownTasksGetTheirLatestStateAndUnknownOnesAreLost() {
    String stream = harness.newStream();
    String framework = harness.subscribe(Fixtures.newFramework("f").build(), stream);
    Offer offer = harness.offer(framework, "a1", "cpus:1;mem:256", stream);
    harness.launch(framework, stream, offer, Harness.task("r1", offer, "cpus:0.5;mem:64"));

    reconcile(framework, stream, asked("r1", null), asked("ghost", "a1"), asked("nowhere", "a9"));

    TaskStatus known = harness.lastUpdate(stream, "r1");
    assertEquals(TaskState.TASK_RUNNING, known.getState());
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, known.getReason());
    assertEquals(TaskStatus.Source.SOURCE_MASTER, known.getSource());
    assertEquals(TaskState.TASK_LOST, harness.lastUpdate(stream, "ghost").getState());
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, harness.lastUpdate(stream, "ghost").getReason());
    assertEquals(TaskState.TASK_LOST, harness.lastUpdate(stream, "nowhere").getState());

    int before = harness.updates(stream, "r1").size();
    reconcile(framework, stream);
    assertEquals(before + 1, harness.updates(stream, "r1").size(), "an implicit reconciliation names every task");
  }

  @Test
  void partitionAwareFrameworksLearnWhetherATaskIsGoneOrUnknown() {
    String stream = harness.newStream();
    String framework = harness.subscribe(Fixtures.partitionAware(Fixtures.newFramework("aware")).build(), stream);

    reconcile(framework, stream, asked("ghost", "a1"), asked("nowhere", "a9"));

    assertEquals(TaskState.TASK_GONE, harness.lastUpdate(stream, "ghost").getState(), "its agent says it has no such task");
    assertEquals(TaskState.TASK_UNKNOWN, harness.lastUpdate(stream, "nowhere").getState(), "nobody knows its agent");
  }
}
