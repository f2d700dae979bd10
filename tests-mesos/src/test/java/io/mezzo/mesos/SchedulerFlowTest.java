package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A scheduler on Mesos's classes runs through every scheduler call Mezzo supports, in
 * protobuf and in JSON, parsing every event strictly: ACCEPT with LAUNCH, UPDATE and
 * ACKNOWLEDGE, RECONCILE, KILL, DECLINE with filters, SUPPRESS and REVIVE, REQUEST,
 * UPDATE_FRAMEWORK and TEARDOWN.
 */
@ExtendWith(SharedLocal.class)
class SchedulerFlowTest {

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void everySupportedCallWorksWithMesosClasses(Encoding encoding, MesosLocal local) throws Exception {
    String name = "flow-" + encoding.name().toLowerCase();
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), encoding)) {
      scheduler.subscribe(Frameworks.info(name));
      Offer offer = firstOffer(scheduler);

      // ACCEPT a long task; its updates are acknowledged as they come.
      String task = name + "-sleep";
      scheduler.call(scheduler.callOf(Call.Type.ACCEPT)
          .setAccept(Tasks.launch(offer, List.of(Tasks.command(task, offer, "sleep 120")))).build()).expect(202);
      awaitState(scheduler, task, TaskState.TASK_RUNNING);

      // RECONCILE, explicit: the master answers with the task's latest state.
      scheduler.call(scheduler.callOf(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(task)))).build()).expect(202);
      TaskStatus reconciled = awaitUpdate(scheduler, task).getUpdate().getStatus();
      assertEquals(TaskState.TASK_RUNNING, reconciled.getState());
      assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, reconciled.getReason());

      // KILL: the task ends KILLED.
      scheduler.call(scheduler.callOf(Call.Type.KILL)
          .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(task)).setAgentId(offer.getAgentId()))
          .build()).expect(202);
      awaitState(scheduler, task, TaskState.TASK_KILLED);

      // DECLINE with a filter; then SUPPRESS, REQUEST (ignored) and REVIVE, which brings offers back.
      Offer next = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
      scheduler.call(scheduler.callOf(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
          .addOfferIds(next.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(1))).build()).expect(202);
      scheduler.call(scheduler.callOf(Call.Type.SUPPRESS).build()).expect(202);
      scheduler.call(scheduler.callOf(Call.Type.REQUEST).setRequest(Call.Request.newBuilder()
          .addRequests(org.apache.mesos.v1.Protos.Request.newBuilder().addResources(Tasks.part(next, "cpus", 1))))
          .build()).expect(202);
      scheduler.call(scheduler.callOf(Call.Type.REVIVE).build()).expect(202);
      scheduler.await(Event.Type.OFFERS);

      // UPDATE_FRAMEWORK: a new name, seen by operators, without a new subscription.
      FrameworkInfo renamed = Frameworks.info(name + "-renamed").toBuilder().setId(scheduler.frameworkId()).build();
      scheduler.call(scheduler.callOf(Call.Type.UPDATE_FRAMEWORK)
          .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(renamed)).build()).expect(202);
      String state = Http.get(local.master().resolve("/master/state")).body();
      assertTrue(state.contains("\"" + name + "-renamed\""), state);

      // A call naming another subscription's stream is a bad request, as in Mesos.
      assertEquals(400, scheduler.post(encoding.encode(scheduler.callOf(Call.Type.REVIVE).build()),
          "00000000-0000-4000-8000-000000000000").status());

      scheduler.call(scheduler.callOf(Call.Type.TEARDOWN).build()).expect(202);
      // The framework is gone: its calls are bad requests too.
      assertEquals(400, scheduler.call(scheduler.callOf(Call.Type.REVIVE).build()).status());
    }
  }

  private static Offer firstOffer(MesosScheduler scheduler) throws InterruptedException {
    return scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
  }

  /** Waits for an update of {@code task}, acknowledging it when it asks to be. */
  static Event awaitUpdate(MesosScheduler scheduler, String task) throws Exception {
    Event update = scheduler.await(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(task), "an UPDATE of " + task);
    TaskStatus status = update.getUpdate().getStatus();
    if (status.hasUuid()) {
      scheduler.call(scheduler.callOf(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
          .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build()).expect(202);
    }
    return update;
  }

  /** Acknowledges updates of {@code task} until one says {@code state}. */
  static TaskStatus awaitState(MesosScheduler scheduler, String task, TaskState state) throws Exception {
    for (int i = 0; i < 10; i++) {
      TaskStatus status = awaitUpdate(scheduler, task).getUpdate().getStatus();
      if (status.getState() == state) {
        return status;
      }
    }
    throw new AssertionError(task + " never reached " + state + "; events: " + scheduler.types());
  }
}
