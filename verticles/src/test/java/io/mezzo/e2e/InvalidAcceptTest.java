package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Invalid ACCEPTs are refused with a clear error or TASK_ERROR, and nothing leaks. */
@ExtendWith(VertxExtension.class)
class InvalidAcceptTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Filters NO_REFUSAL = Filters.newBuilder().setRefuseSeconds(0).build();

  /** What an operator sees of who holds which resources. */
  record Totals(Resources total, Resources used, Resources offered) {
    static Totals of(LocalCluster cluster) {
      Resources.Builder total = Resources.builder();
      Resources.Builder used = Resources.builder();
      Resources.Builder offered = Resources.builder();
      for (Response.GetAgents.Agent agent : cluster.state().getGetAgents().getAgentsList()) {
        total.add(Resources.fromProto(agent.getTotalResourcesList()));
        used.add(Resources.fromProto(agent.getAllocatedResourcesList()));
        offered.add(Resources.fromProto(agent.getOfferedResourcesList()));
      }
      return new Totals(total.build(), used.build(), offered.build());
    }
  }

  @Test
  void unknownAndUsedOffersAreRefusedAndChangeNothing(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Totals before = Totals.of(cluster);

      Throwable unknown = Await.failure(framework.client().launch(
          List.of(OfferID.newBuilder().setValue("no-such-offer").build()),
          List.of(TestFramework.task("t", offer, "true", "cpus:0.1;mem:16")), NO_REFUSAL));
      assertEquals(Failure.NOT_FOUND, Failure.of(unknown));
      assertTrue(unknown.getMessage().contains("no-such-offer"), unknown.getMessage());
      assertEquals(before, Totals.of(cluster));

      Throwable twice = Await.failure(framework.client().launch(
          List.of(offer.getId(), offer.getId()), List.of(TestFramework.task("t", offer, "true", "cpus:0.1;mem:16")), NO_REFUSAL));
      assertEquals(Failure.BAD_REQUEST, Failure.of(twice));
      assertEquals(before, Totals.of(cluster));

      Throwable badFilter = Await.failure(framework.client().decline(
          List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(-1).build()));
      assertEquals(Failure.BAD_REQUEST, Failure.of(badFilter));
      assertEquals(before, Totals.of(cluster));

      // The offer survived all that: it can still be used, once.
      framework.launch(offer, List.of(TestFramework.task("ok", offer, "sleep 600", "cpus:0.5;mem:64")), 3600);
      framework.awaitState("ok", TaskState.TASK_RUNNING, WAIT);
      Totals running = Totals.of(cluster);
      assertEquals(Resources.parse("cpus:0.5;mem:64"), running.used());
      Throwable used = Await.failure(framework.client().launch(
          List.of(offer.getId()), List.of(TestFramework.task("again", offer, "true", "cpus:0.1;mem:16")), NO_REFUSAL));
      assertEquals(Failure.NOT_FOUND, Failure.of(used));
      assertEquals(running, Totals.of(cluster));
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void invalidTasksGetTaskErrorAndLeaveNothingBehind(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Resources total = Totals.of(cluster).total();

      TaskInfo valid = TestFramework.task("dup", offer, "sleep 600", "cpus:0.5;mem:64");
      TaskInfo duplicate = TestFramework.task("dup", offer, "sleep 600", "cpus:0.5;mem:64");
      TaskInfo tooBig = TestFramework.task("big", offer, "true", "cpus:100;mem:64");
      TaskInfo noCommand = TestFramework.task("nocmd", offer, "true", "cpus:0.1;mem:16").toBuilder().clearCommand().build();
      TaskInfo badId = TestFramework.task("bad/id", offer, "true", "cpus:0.1;mem:16");
      TaskInfo hugeLabel = TestFramework.task("labelled", offer, "true", "cpus:0.1;mem:16").toBuilder()
          .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v".repeat(1024 * 1024))))
          .build();
      framework.launch(offer, List.of(valid, duplicate, tooBig, noCommand, badId, hugeLabel), 0);

      assertError(framework, "labelled", "labels.labels[0].value is longer than 4096 characters");
      assertError(framework, "big", "more resources");
      assertError(framework, "nocmd", "no command");
      assertError(framework, "bad/id", "task ID");
      framework.awaitState("dup", TaskState.TASK_RUNNING, WAIT);
      Await.until("duplicate refused", WAIT, () -> framework.updates("dup").stream()
          .anyMatch(s -> s.getState() == TaskState.TASK_ERROR && s.getMessage().contains("duplicate ID")));

      Await.until("only the valid task holds resources", WAIT,
          () -> Resources.parse("cpus:0.5;mem:64").equals(Totals.of(cluster).used()));
      assertEquals(total, Totals.of(cluster).total());
      assertEquals(1, cluster.state().getGetTasks().getTasksCount(), "invalid tasks are not tracked");

      // A task ID that is already running is a duplicate too.
      Offer next = framework.nextOffer(WAIT);
      framework.launch(next, List.of(TestFramework.task("dup", next, "true", "cpus:0.1;mem:16")), 0);
      Await.until("running duplicate refused", WAIT, () -> framework.updates("dup").stream()
          .filter(s -> s.getState() == TaskState.TASK_ERROR).count() == 2);
      assertEquals(Resources.parse("cpus:0.5;mem:64"), Totals.of(cluster).used());
      Await.result(framework.client().teardown());
      Await.until("teardown frees everything", WAIT, () -> Totals.of(cluster).used().isEmpty());
    }
  }

  @Test
  void offersOfSeveralAgentsOrUnsupportedOperationsAreRefused(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512", "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      Offer first = framework.nextOffer(WAIT);
      Offer second = framework.nextOffer(WAIT);
      Totals before = Totals.of(cluster);
      Throwable spanning = Await.failure(framework.client().launch(
          List.of(first.getId(), second.getId()), List.of(TestFramework.task("t", first, "true", "cpus:0.1;mem:16")), NO_REFUSAL));
      assertEquals(Failure.BAD_REQUEST, Failure.of(spanning));
      Throwable unsupported = Await.failure(framework.client().accept(
          List.of(first.getId()), List.of(Offer.Operation.newBuilder().setType(Offer.Operation.Type.UNKNOWN).build()), NO_REFUSAL));
      assertEquals(Failure.BAD_REQUEST, Failure.of(unsupported));
      assertEquals(before, Totals.of(cluster));
    }
  }

  private static void assertError(TestFramework framework, String taskId, String reasonText) {
    TaskStatus status = framework.awaitState(taskId, TaskState.TASK_ERROR, WAIT);
    assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, status.getReason());
    assertTrue(status.getMessage().toLowerCase().contains(reasonText.toLowerCase()),
        taskId + ": " + status.getMessage());
  }
}
