package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.http.ProtoMediaType;
import io.mezzo.testing.Await;
import io.mezzo.testing.HttpScheduler;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Mesos v1 scheduler HTTP API end to end: a scheduler that only speaks HTTP runs a task. */
@ExtendWith(VertxExtension.class)
class SchedulerHttpApiTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  static FrameworkInfo framework(String name, double failoverTimeout) {
    return FrameworkInfo.newBuilder().setUser("tester").setName(name).setFailoverTimeout(failoverTimeout).build();
  }

  @Test
  void jsonSchedulerLaunchesATaskThroughTheStream(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
        HttpScheduler scheduler = HttpScheduler.subscribe(vertx, cluster.master().httpPort(), ProtoMediaType.JSON,
            framework("http-json", 0))) {
      assertEquals(Event.Type.SUBSCRIBED, scheduler.subscribed().getType());
      assertEquals("application/json", scheduler.headers().get("Content-Type"));
      assertEquals("chunked", scheduler.headers().get("Transfer-Encoding"));
      assertNotNull(scheduler.streamId());
      assertTrue(scheduler.subscribed().getSubscribed().getHeartbeatIntervalSeconds() > 0);

      Offer offer = scheduler.next(e -> e.getType() == Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      Call.Builder accept = Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
          .addOfferIds(offer.getId())
          .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
              .setLaunch(Offer.Operation.Launch.newBuilder()
                  .addTaskInfos(TestFramework.task("h1", offer, "echo hi", "cpus:0.1;mem:32"))))
          .setFilters(Filters.newBuilder().setRefuseSeconds(0)));
      HttpScheduler.Response accepted = scheduler.call(accept);
      assertEquals(202, accepted.status(), accepted.text());
      assertEquals(0, accepted.body().length());

      // The offer's unused part comes back (refuse_seconds 0) at the next allocation, which on
      // a loaded machine may be before the task finishes: keep the first offer seen meanwhile.
      TaskState last = null;
      Offer next = null;
      while (last != TaskState.TASK_FINISHED) {
        Event event = scheduler.next(e -> e.getType() == Event.Type.UPDATE || e.getType() == Event.Type.OFFERS, WAIT);
        if (event.getType() == Event.Type.OFFERS) {
          next = next != null ? next : event.getOffers().getOffers(0);
          continue;
        }
        TaskStatus status = event.getUpdate().getStatus();
        assertEquals("h1", status.getTaskId().getValue());
        last = status.getState();
        HttpScheduler.Response ack = scheduler.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
            .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())));
        assertEquals(202, ack.status(), ack.text());
      }

      if (next == null) {
        next = scheduler.next(e -> e.getType() == Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
      }
      HttpScheduler.Response declined = scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
          .setDecline(Call.Decline.newBuilder().addOfferIds(next.getId())));
      assertEquals(202, declined.status(), declined.text());
      HttpScheduler.Response again = scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
          .setDecline(Call.Decline.newBuilder().addOfferIds(next.getId())));
      assertEquals(404, again.status(), "a used offer is gone: " + again.text());
      assertTrue(again.text().contains("\"error\""), again.text());

      HttpScheduler.Response teardown = scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
      assertEquals(202, teardown.status(), teardown.text());
      Event error = scheduler.next(e -> e.getType() == Event.Type.ERROR, WAIT);
      assertTrue(error.getError().getMessage().contains("removed"), error.toString());
      scheduler.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void protobufSchedulerGetsProtobufRecordsAndStaysConnectedThroughHeartbeats(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
        HttpScheduler scheduler = HttpScheduler.subscribe(vertx, cluster.master().httpPort(), ProtoMediaType.PROTOBUF,
            framework("http-proto", 60))) {
      assertEquals("application/x-protobuf", scheduler.headers().get("Content-Type"));
      assertEquals(Event.Type.SUBSCRIBED, scheduler.subscribed().getType());
      scheduler.next(e -> e.getType() == Event.Type.OFFERS, WAIT);
      // The fast test master sends a heartbeat every 500 ms: several pass, all answered.
      for (int i = 0; i < 3; i++) {
        scheduler.next(e -> e.getType() == Event.Type.HEARTBEAT, WAIT);
      }
      Response.GetFrameworks.Framework state = framework(cluster, scheduler);
      assertTrue(state.getConnected() && state.getActive(), state.toString());
      HttpScheduler.Response revived = scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE));
      assertEquals(202, revived.status(), revived.text());
    }
  }

  @Test
  void callsNeedTheStreamOfTheirSubscription(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
        HttpScheduler scheduler = HttpScheduler.subscribe(vertx, cluster.master().httpPort(), ProtoMediaType.JSON,
            framework("http-streams", 0))) {
      int port = cluster.master().httpPort();
      Call revive = Call.newBuilder().setType(Call.Type.REVIVE)
          .setFrameworkId(scheduler.subscribed().getSubscribed().getFrameworkId()).build();
      HttpScheduler.Response missing = scheduler.post(port, "application/json", null, ProtoMediaType.JSON.encode(revive));
      assertEquals(400, missing.status(), missing.text());
      assertTrue(missing.text().contains("Mesos-Stream-Id"), missing.text());

      HttpScheduler.Response wrong = scheduler.post(port, "application/json", "0b6e8c3a-5f4d-4a55-9d6c-000000000000",
          ProtoMediaType.JSON.encode(revive));
      assertEquals(400, wrong.status(), wrong.text());

      HttpScheduler.Response right = scheduler.post(port, "application/json", scheduler.streamId(), ProtoMediaType.JSON.encode(revive));
      assertEquals(202, right.status(), right.text());

      Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework("x", 0))).build();
      HttpScheduler.Response withStream = scheduler.post(port, "application/json", scheduler.streamId(),
          ProtoMediaType.JSON.encode(subscribe));
      assertEquals(400, withStream.status(), withStream.text());

      Call noName = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u"))).build();
      HttpScheduler.Response refused = scheduler.post(port, "application/json", null, ProtoMediaType.JSON.encode(noName));
      assertEquals(400, refused.status(), refused.text());
      assertTrue(refused.text().contains("name"), refused.text());
    }
  }

  @Test
  void closingTheConnectionDisconnectsTheFramework(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      int port = cluster.master().httpPort();
      HttpScheduler keeper = HttpScheduler.subscribe(vertx, port, ProtoMediaType.JSON, framework("keeper", 60));
      HttpScheduler leaver = HttpScheduler.subscribe(vertx, port, ProtoMediaType.JSON, framework("leaver", 0));
      String keeperId = keeper.subscribed().getSubscribed().getFrameworkId().getValue();
      String leaverId = leaver.subscribed().getSubscribed().getFrameworkId().getValue();
      keeper.close();
      leaver.close();

      // The next heartbeat finds nobody listening: disconnected, and removed without a failover timeout.
      Await.until("keeper disconnected", WAIT, () -> cluster.state().getGetFrameworks().getFrameworksList().stream()
          .anyMatch(f -> f.getFrameworkInfo().getId().getValue().equals(keeperId) && !f.getConnected() && !f.getActive()));
      Await.until("leaver removed", WAIT, () -> cluster.state().getGetFrameworks().getCompletedFrameworksList().stream()
          .anyMatch(f -> f.getFrameworkInfo().getId().getValue().equals(leaverId)));
      assertFalse(cluster.state().getGetFrameworks().getFrameworksList().stream()
          .anyMatch(f -> f.getFrameworkInfo().getId().getValue().equals(leaverId)));
    }
  }

  private static Response.GetFrameworks.Framework framework(LocalCluster cluster, HttpScheduler scheduler) {
    String id = scheduler.subscribed().getSubscribed().getFrameworkId().getValue();
    return cluster.state().getGetFrameworks().getFrameworksList().stream()
        .filter(f -> f.getFrameworkInfo().getId().getValue().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("framework " + id + " unknown"));
  }
}
