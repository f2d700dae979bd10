package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JSON examples of Mesos's scheduler API documentation (src/test/resources/mesos-docs)
 * are accepted as written; only the IDs a real cluster assigns replace the made-up ones.
 */
@ExtendWith(SharedLocal.class)
class DocumentationExamplesTest {
  private static String example(String name) throws IOException {
    try (InputStream in = DocumentationExamplesTest.class.getResourceAsStream("/mesos-docs/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void subscribeExampleSubscribesWithItsSuppressedRole(MesosLocal local) throws Exception {
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), Encoding.JSON)) {
      Event subscribed = scheduler.subscribeRaw(example("subscribe").getBytes(StandardCharsets.UTF_8));
      assertTrue(subscribed.getSubscribed().hasFrameworkId(), subscribed.toString());
      String state = Http.get(local.master().resolve("/master/state")).body();
      assertTrue(state.contains("Example HTTP Framework"), state);
      scheduler.call(scheduler.callOf(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build()).expect(202);
    }
  }

  @Test
  void acceptDeclineAndReconcileExamplesAreAccepted(MesosLocal local) throws Exception {
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), Encoding.JSON)) {
      // The ACCEPT example's resources are allocated to role "engineering".
      FrameworkInfo engineering = Frameworks.info("doc-examples").toBuilder().clearRoles().addRoles("engineering").build();
      scheduler.subscribe(engineering);
      String frameworkId = scheduler.frameworkId().getValue();

      Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
      String accept = example("accept")
          .replace("12220-3440-12532-2345", frameworkId)
          .replace("12220-3440-12532-O12", offer.getId().getValue())
          .replace("12220-3440-12532-S1233", offer.getAgentId().getValue());
      scheduler.post(accept.getBytes(StandardCharsets.UTF_8), scheduler.streamId()).expect(202);
      // The master took the task (its custom executor, `sleep 1000`, never subscribes, so the
      // task stays staging until the agent gives up on it; the teardown below ends it).
      String master = Http.get(local.master().resolve("/master/state")).body();
      assertTrue(master.contains("12220-3440-12532-my-task"), master);

      Offer next = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
      // O13 stays made up: as in Mesos, declining an offer that is no longer outstanding is no error.
      String decline = example("decline")
          .replace("12220-3440-12532-2345", frameworkId)
          .replace("12220-3440-12532-O12", next.getId().getValue());
      scheduler.post(decline.getBytes(StandardCharsets.UTF_8), scheduler.streamId()).expect(202);

      // The reconciled task and agent stay made up: the master answers that it does not know them.
      String reconcile = example("reconcile").replace("12220-3440-12532-2345", frameworkId);
      scheduler.post(reconcile.getBytes(StandardCharsets.UTF_8), scheduler.streamId()).expect(202);
      Event unknown = scheduler.await(e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().getTaskId().getValue().equals("312325"), "the reconciliation of task 312325");
      TaskState state = unknown.getUpdate().getStatus().getState();
      assertTrue(state == TaskState.TASK_LOST || state == TaskState.TASK_UNKNOWN || state == TaskState.TASK_GONE, state.toString());

      scheduler.call(scheduler.callOf(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build()).expect(202);
    }
  }
}
