package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.client.SchedulerClient;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Subscription, failover, reconciliation, messages and heartbeats through the Java client. */
@ExtendWith(VertxExtension.class)
class SchedulerApiTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void heartbeatsArriveAndCallsNeedTheCurrentStream(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f").failoverTimeout(60);
      framework.subscribe();
      framework.nextEvent(e -> e.getType() == Event.Type.HEARTBEAT, WAIT);

      // A second instance takes over: the first one's stream ends with an ERROR.
      SchedulerClient old = framework.client();
      framework.subscribe();
      framework.nextEvent(e -> e.getType() == Event.Type.ERROR && e.getError().getMessage().contains("failed over"), WAIT);
      Throwable stale = Await.failure(old.revive());
      assertEquals(Failure.FORBIDDEN, Failure.of(stale));
      Await.result(framework.client().revive());
    }
  }

  @Test
  void reconciliationAnswersKnownAndUnknownTasks(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("r1", offer, "sleep 600", "cpus:0.5;mem:64")), 0);
      framework.awaitState("r1", TaskState.TASK_RUNNING, WAIT);

      Await.result(framework.client().reconcile(List.of(
          Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("r1")).build(),
          Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost"))
              .setAgentId(offer.getAgentId()).build())));
      TaskStatus known = framework.awaitState("r1", TaskState.TASK_RUNNING, WAIT);
      Await.until("r1 reconciled", WAIT, () -> framework.updates("r1").stream()
          .anyMatch(s -> s.getReason() == TaskStatus.Reason.REASON_RECONCILIATION));
      TaskStatus ghost = framework.awaitState("ghost", TaskState.TASK_LOST, WAIT);
      assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, ghost.getReason());
      assertTrue(known.getState() == TaskState.TASK_RUNNING);

      int before = framework.updates("r1").size();
      Await.result(framework.client().reconcile(List.of()));
      Await.until("implicit reconciliation", WAIT, () -> framework.updates("r1").size() > before);
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void frameworkMessagesReachTheExecutorAddress(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      CompletableFuture<AgentEvent> received = new CompletableFuture<>();
      MessageConsumer<AgentEvent> executor = vertx.eventBus().consumer(
          Addresses.executor(framework.id().getValue(), "e1"), m -> received.complete(m.body()));
      Await.result(executor.completion());
      AgentID agent = AgentID.newBuilder().setValue(cluster.agent(0).agentId()).build();
      Await.result(framework.client().message(agent, ExecutorID.newBuilder().setValue("e1").build(),
          ByteString.copyFromUtf8("hello")));
      AgentEvent event = received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals("hello", event.getSendFrameworkMessage().getData().toStringUtf8());

      Throwable unknownAgent = Await.failure(framework.client().message(AgentID.newBuilder().setValue("nobody").build(),
          ExecutorID.newBuilder().setValue("e1").build(), ByteString.copyFromUtf8("x")));
      assertEquals(Failure.NOT_FOUND, Failure.of(unknownAgent));
    }
  }

  @Test
  void invalidSubscriptionsAreRefused(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      SchedulerClient client = SchedulerClient.create(vertx);
      Throwable noName = Await.failure(client.subscribe(FrameworkInfo.newBuilder().setUser("u").build(), e -> {}));
      assertEquals(Failure.BAD_REQUEST, Failure.of(noName));
      Throwable twoRoles = Await.failure(client.subscribe(
          FrameworkInfo.newBuilder().setUser("u").setName("n").addRoles("a").addRoles("b").build(), e -> {}));
      assertEquals(Failure.BAD_REQUEST, Failure.of(twoRoles));
      Throwable hugeLabel = Await.failure(client.subscribe(FrameworkInfo.newBuilder().setUser("u").setName("n")
          .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v".repeat(1024 * 1024))))
          .build(), e -> {}));
      assertEquals(Failure.BAD_REQUEST, Failure.of(hugeLabel));
      assertTrue(hugeLabel.getMessage().contains("framework_info.labels.labels[0].value is longer than 4096 characters"),
          hugeLabel.getMessage());
      assertTrue(cluster.state().getGetFrameworks().getFrameworksList().isEmpty(), "nothing was registered");

      TestFramework removed = new TestFramework(vertx, "gone");
      removed.subscribe();
      Await.result(removed.client().teardown());
      Throwable again = Await.failure(client.subscribe(
          FrameworkInfo.newBuilder().setUser("u").setName("gone").setId(removed.id()).build(), e -> {}));
      assertEquals(Failure.FORBIDDEN, Failure.of(again));
    }
  }

  @Test
  void newFrameworksBeyondTheCapAreRefusedWhileKnownOnesGetBackIn(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, LocalCluster.fastMaster(dir).put("max_frameworks", 2),
        "cpus:1;mem:512")) {
      TestFramework a = new TestFramework(vertx, "a").failoverTimeout(60);
      FrameworkID aId = a.subscribe();
      TestFramework b = new TestFramework(vertx, "b");
      b.subscribe();
      FrameworkInfo third = FrameworkInfo.newBuilder().setUser("u").setName("c").build();
      Throwable refused = Await.failure(SchedulerClient.create(vertx).subscribe(third, e -> {}));
      assertEquals(Failure.CONFLICT, Failure.of(refused));
      assertTrue(refused.getMessage().contains("2 registered frameworks") && refused.getMessage().contains("max_frameworks"),
          refused.getMessage());
      assertEquals(2, cluster.state().getGetFrameworks().getFrameworksCount(), "the refused one left nothing behind");

      // A framework the master knows fails over at the cap.
      assertEquals(aId, a.subscribe());
      // A removed framework no longer counts.
      Await.result(b.client().teardown());
      Await.result(SchedulerClient.create(vertx).subscribe(third, e -> {}));
      assertEquals(2, cluster.state().getGetFrameworks().getFrameworksCount());
    }
  }
}
