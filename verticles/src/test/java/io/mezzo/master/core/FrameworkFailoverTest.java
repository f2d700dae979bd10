package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A scheduler that stops answering heartbeats is disconnected; its framework waits for a new
 * instance for its failover timeout, then is removed with its tasks.
 */
class FrameworkFailoverTest {
  private final Harness harness = new Harness().start().agent("a1");
  private final String stream = harness.newStream();

  /** Subscribes a framework with {@code failoverSeconds} and runs task t1; returns its ID. */
  private String frameworkRunningATask(double failoverSeconds) {
    String id = harness.subscribe(Fixtures.newFramework("f").setFailoverTimeout(failoverSeconds).build(), stream);
    Offer offer = harness.offer(id, "a1", "cpus:1;mem:256", stream);
    harness.launch(id, stream, offer, Harness.task("t1", offer, "cpus:1;mem:256"));
    return id;
  }

  private Response.GetFrameworks frameworks() {
    return harness.state().getGetFrameworks();
  }

  @Test
  void silentSchedulerIsDisconnectedAndItsFrameworkRemovedWhenTheFailoverTimeoutEnds() {
    String id = frameworkRunningATask(60);
    harness.port.silence(Addresses.scheduler(stream), true);

    // The first heartbeat goes after 1 s and times out after another.
    harness.advance(Duration.ofSeconds(2));
    assertFalse(frameworks().getFrameworks(0).getConnected(), "no answer to the heartbeat");
    assertTrue(harness.toAllocator().stream().anyMatch(call -> call.getType() == AllocatorCall.Type.DEACTIVATE_FRAMEWORK));
    assertEquals(TaskState.TASK_RUNNING, harness.task("t1").getState(), "a disconnected framework keeps its tasks");

    harness.advance(Duration.ofSeconds(59));
    assertEquals(1, frameworks().getFrameworksCount(), "60 s have not passed since the disconnection");

    harness.advance(Duration.ofSeconds(1));
    assertEquals(0, frameworks().getFrameworksCount());
    assertEquals(id, frameworks().getCompletedFrameworks(0).getFrameworkInfo().getId().getValue());
    Task killed = harness.task("t1");
    assertEquals(TaskState.TASK_KILLED, killed.getState());
    TaskStatus why = killed.getStatuses(killed.getStatusesCount() - 1);
    assertEquals(TaskStatus.Reason.REASON_FRAMEWORK_REMOVED, why.getReason());
    assertTrue(harness.toAgent("a1").stream().anyMatch(event -> event.getType() == AgentEvent.Type.SHUTDOWN_FRAMEWORK
        && event.getShutdownFramework().getFrameworkId().getValue().equals(id)));
    assertEquals(AllocatorCall.Type.REMOVE_FRAMEWORK, last(harness).getType());
    assertTrue(harness.agentView("a1").getAllocatedResourcesList().isEmpty(), "the task's resources are free");

    FrameworkInfo again = Fixtures.newFramework("f").setId(FrameworkID.newBuilder().setValue(id)).build();
    harness.refused(Failure.BAD_REQUEST, Fixtures.subscribe(again), harness.newStream());
  }

  @Test
  void aNewSchedulerInstanceWithinTheFailoverTimeoutKeepsTheFrameworkAndItsTasks() {
    String id = frameworkRunningATask(60);
    harness.port.silence(Addresses.scheduler(stream), true);
    harness.advance(Duration.ofSeconds(30));

    String next = harness.newStream();
    harness.subscribe(Fixtures.newFramework("f").setId(FrameworkID.newBuilder().setValue(id)).setFailoverTimeout(60).build(), next);
    assertEquals(AllocatorCall.Type.ACTIVATE_FRAMEWORK, last(harness).getType());
    harness.advance(Duration.ofSeconds(120));

    assertTrue(frameworks().getFrameworks(0).getConnected(), "the new instance answers its heartbeats");
    assertEquals(TaskState.TASK_RUNNING, harness.task("t1").getState());
    assertTrue(harness.toStream(next).stream().anyMatch(event -> event.getType() == Event.Type.HEARTBEAT));
  }

  @Test
  void aFrameworkWithoutFailoverTimeoutIsRemovedAsSoonAsItsSchedulerIsSilent() {
    frameworkRunningATask(0);
    harness.port.silence(Addresses.scheduler(stream), true);

    harness.advance(Duration.ofSeconds(2));

    assertEquals(0, frameworks().getFrameworksCount());
    assertEquals(TaskState.TASK_KILLED, harness.task("t1").getState());
  }

  private static AllocatorCall last(Harness harness) {
    var calls = harness.toAllocator();
    return calls.get(calls.size() - 1);
  }
}
