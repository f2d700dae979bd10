package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Unacknowledged updates are retried, and redelivered to a framework that re-subscribes. */
@ExtendWith(VertxExtension.class)
class StatusUpdateRetryTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void unacknowledgedUpdateIsRetriedAndRedeliveredAfterResubscribe(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "forgetful").failoverTimeout(60).autoAcknowledge(false);
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("once", offer, "true", "cpus:0.1;mem:16")), 0);

      Await.until("RUNNING delivered twice", WAIT, () -> framework.updates("once").size() >= 2);
      List<TaskStatus> updates = framework.updates("once");
      assertEquals(TaskState.TASK_RUNNING, updates.get(0).getState());
      assertEquals(updates.get(0).getUuid(), updates.get(1).getUuid(), "the same update, retried");
      // Only the oldest unacknowledged update is in flight, though the task has finished.
      assertTrue(updates.stream().allMatch(s -> s.getState() == TaskState.TASK_RUNNING));
      Path log = cluster.agentDir(0).resolve("meta/frameworks/" + framework.id().getValue() + "/tasks/once/task.updates");
      assertTrue(Files.size(log) > 0, "updates are logged in the work dir");

      // A new scheduler instance takes over the framework and gets the same update again.
      Await.result(framework.client().close());
      int seen = framework.updates("once").size();
      framework.subscribe();
      Await.until("redelivered after re-subscribing", WAIT, () -> framework.updates("once").size() > seen);
      TaskStatus redelivered = framework.updates("once").get(seen);
      assertEquals(updates.get(0).getUuid(), redelivered.getUuid());

      Await.result(framework.client().acknowledge(redelivered));
      TaskStatus finished = framework.awaitState("once", TaskState.TASK_FINISHED, WAIT);
      assertNotNull(finished.getUuid());
      Await.result(framework.client().acknowledge(finished));
      Await.until("the stream is done and its log removed", WAIT, () -> !Files.exists(log));
      int settled = framework.updates("once").size();
      Thread.sleep(2500);
      assertEquals(settled, framework.updates("once").size(), "no more resends once acknowledged");
    }
  }
}
