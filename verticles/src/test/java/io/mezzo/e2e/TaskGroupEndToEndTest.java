package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
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

/**
 * A task group end to end (issue 13, test 3): three tasks start together on one default
 * executor; when one exits 1 the other two are killed; the scheduler hears TASK_FAILED and
 * TASK_KILLED; every resource, the executor's included, is offered again.
 */
@ExtendWith(VertxExtension.class)
class TaskGroupEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String AGENT_RESOURCES = "cpus:2;mem:1024";

  @Test
  void oneTaskFailingKillsTheOthersAndEverythingIsOfferedAgain(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, AGENT_RESOURCES)) {
      TestFramework framework = new TestFramework(vertx, "grouper");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      // The failing task waits until both others run (each writes its pid file first): the
      // three run together before one fails.
      String failer = "for i in $(seq 600); do [ -f ../a/pid ] && [ -f ../b/pid ] && exit 1; sleep 0.05; done; exit 2";
      TaskGroupInfo group = TaskGroupInfo.newBuilder()
          .addTasks(TestFramework.task("a", offer, "echo $$ > pid; sleep 600", "cpus:0.2;mem:64"))
          .addTasks(TestFramework.task("b", offer, "echo $$ > pid; sleep 600", "cpus:0.2;mem:64"))
          .addTasks(TestFramework.task("c", offer, failer, "cpus:0.2;mem:64"))
          .build();
      ExecutorInfo executor = ExecutorInfo.newBuilder()
          .setType(ExecutorInfo.Type.DEFAULT)
          .setExecutorId(ExecutorID.newBuilder().setValue("group-executor"))
          .addAllResources(Resources.parse("cpus:0.1;mem:32").toProto())
          .build();
      framework.launchGroup(offer, executor, group, 0);

      // c may fail the moment a and b run, so only its history is sure to hold RUNNING.
      TaskStatus failed = framework.awaitState("c", TaskState.TASK_FAILED, WAIT);
      for (String task : List.of("a", "b", "c")) {
        assertTrue(framework.updates(task).stream().anyMatch(s -> s.getState() == TaskState.TASK_RUNNING),
            task + " ran: " + framework.updates(task));
      }
      assertTrue(failed.getMessage().contains("status 1"), failed.getMessage());
      framework.awaitState("a", TaskState.TASK_KILLED, WAIT);
      framework.awaitState("b", TaskState.TASK_KILLED, WAIT);
      assertEquals("group-executor", failed.getExecutorId().getValue());

      Await.until("every resource free", WAIT, () -> cluster.usedResources().isEmpty());
      // Everything comes back to the framework as offers (maybe several: the unused part of
      // the first offer may have come back on its own); they are held until they add up.
      Resources all = Resources.parse(AGENT_RESOURCES);
      List<Offer> held = new java.util.ArrayList<>();
      Await.until("the agent's resources all offered again", WAIT, () -> {
        Offer again = framework.pollOffer(Duration.ofSeconds(1));
        if (again != null) {
          held.add(again);
        }
        Resources offered = Resources.empty();
        for (Offer kept : held) {
          offered = offered.plus(Resources.fromProto(kept.getResourcesList()));
        }
        return offered.scalarMillis("cpus") == all.scalarMillis("cpus") && offered.scalarMillis("mem") == all.scalarMillis("mem");
      });
      // Each task had its own sandbox under the executor run's: .../runs/<runId>/tasks/<taskId>.
      try (var tree = Files.walk(cluster.agentDir(0))) {
        List<String> sandboxes = tree.filter(Files::isDirectory)
            .filter(path -> path.getParent().getFileName().toString().equals("tasks")
                && path.toString().contains("/executors/group-executor/runs/"))
            .map(path -> path.getFileName().toString()).sorted().toList();
        assertEquals(List.of("a", "b", "c"), sandboxes);
      }
    }
  }
}
