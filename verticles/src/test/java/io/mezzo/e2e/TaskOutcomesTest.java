package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How real commands end: killed through the API, failing with an exit status. */
@ExtendWith(VertxExtension.class)
class TaskOutcomesTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void killedSleepEndsKilledWithNothingLeftOfItsProcessGroup(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "killer");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      // A background child too: the whole process group must go.
      framework.launch(offer, List.of(TestFramework.task("sleeper", offer, "sleep 600 & sleep 600", "cpus:0.5;mem:64")), 0);
      framework.awaitState("sleeper", TaskState.TASK_RUNNING, WAIT);
      long pgid = TaskProcesses.taskPid(cluster.sandbox(0, "sleeper"));
      // RUNNING means the task's shell exists; its two sleeps follow a moment later.
      Await.until("the task and its child running", WAIT, () -> TaskProcesses.groupMembers(pgid).size() >= 2);

      Await.result(framework.client().kill(TaskID.newBuilder().setValue("sleeper").build(), offer.getAgentId()));
      TaskStatus killed = framework.awaitState("sleeper", TaskState.TASK_KILLED, WAIT);
      assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, killed.getSource());
      Await.until("process group " + pgid + " gone", WAIT, () -> TaskProcesses.groupMembers(pgid).isEmpty());
      Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());
    }
  }

  @Test
  void commandExitingThreeEndsFailedWithItsStatus(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "failer");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("three", offer, "exit 3", "cpus:0.5;mem:64")), 0);
      TaskStatus failed = framework.awaitState("three", TaskState.TASK_FAILED, WAIT);
      assertTrue(failed.getMessage().contains("status 3"), "message: " + failed.getMessage());
      Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());
    }
  }
}
