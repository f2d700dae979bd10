package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A framework launches many short real tasks in one JVM; all finish and everything is freed. */
@ExtendWith(VertxExtension.class)
class LaunchManyTasksTest {
  static final int TASKS = 200;
  static final String TASK_RESOURCES = "cpus:0.1;mem:16";

  @Test
  void twoHundredEchoTasksFinishAndFreeTheirResources(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;disk:1000")) {
      Resources total = cluster.totalResources();
      TestFramework framework = new TestFramework(vertx, "many");
      framework.subscribe();

      int launched = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (launched < TASKS) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("only " + launched + " tasks launched in time");
        }
        Offer offer = framework.nextOffer(Duration.ofSeconds(30));
        Resources available = Resources.fromProto(offer.getResourcesList());
        Resources each = Resources.parse(TASK_RESOURCES);
        List<TaskInfo> tasks = new ArrayList<>();
        while (launched < TASKS && available.contains(each)) {
          String id = "echo-" + launched++;
          tasks.add(TestFramework.task(id, offer, "echo $MEZZO_TASK_ID", TASK_RESOURCES));
          available = available.minus(each);
        }
        framework.launch(offer, tasks, 0);
      }

      Await.until("all tasks finished", Duration.ofSeconds(120), () -> {
        for (int i = 0; i < TASKS; i++) {
          if (framework.latestState("echo-" + i) != TaskState.TASK_FINISHED) {
            return false;
          }
        }
        return true;
      });
      for (int i = 0; i < TASKS; i++) {
        String id = "echo-" + i;
        for (TaskStatus status : framework.updates(id)) {
          assertTrue(status.getState() == TaskState.TASK_RUNNING || status.getState() == TaskState.TASK_FINISHED,
              id + " went through " + status.getState() + ": " + status.getMessage());
        }
        Path stdout = cluster.sandbox(0, id).resolve("stdout");
        assertEquals(id, Files.readString(stdout, StandardCharsets.UTF_8).trim(), "stdout of " + id);
      }
      Await.until("resources back in the pool", Duration.ofSeconds(30), () -> cluster.usedResources().isEmpty());
      assertEquals(total, cluster.totalResources());
      assertEquals(0, cluster.state().getGetTasks().getTasksCount(), "no task left active once all are acknowledged");
      assertEquals(TASKS, cluster.state().getGetTasks().getCompletedTasksCount());
    }
  }
}
