package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.MasterQueries;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVM processes on loopback: a master and agents started from mezzo.jar, and this
 * JVM as the framework. The cluster is shared by the tests of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiProcessClusterTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  ProcessCluster cluster;
  ProcessCluster.AgentProcess first;
  ProcessCluster.AgentProcess second;
  Vertx vertx;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    cluster = new ProcessCluster(dir);
    first = cluster.startAgent("agent-1", "cpus:2;mem:1024;disk:1024");
    second = cluster.startAgent("agent-2", "cpus:2;mem:1024;disk:1024");
    vertx = cluster.frameworkVertx();
    Await.until("both agents registered", WAIT,
        () -> MasterQueries.agent(vertx, first.id()) != null && MasterQueries.agent(vertx, second.id()) != null);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void tasksLandOnBothAgentsAndFinish() {
    TestFramework framework = new TestFramework(vertx, "spread");
    framework.subscribe();
    Set<String> agentsUsed = new HashSet<>();
    List<String> tasks = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (agentsUsed.size() < 2 || tasks.size() < 8) {
      assertTrue(System.nanoTime() < deadline, "tasks went to " + agentsUsed + " only");
      Offer offer = framework.nextOffer(WAIT);
      String id = "spread-" + tasks.size();
      tasks.add(id);
      agentsUsed.add(offer.getAgentId().getValue());
      // Refusing the rest for a second sends the next offer to the other agent.
      framework.launch(offer, List.of(TestFramework.task(id, offer, "echo $MEZZO_AGENT_ID", "cpus:0.1;mem:16")), 1);
    }
    for (String id : tasks) {
      framework.awaitState(id, TaskState.TASK_FINISHED, WAIT);
    }
    assertEquals(Set.of(first.id(), second.id()), agentsUsed);
    Await.until("resources back", WAIT, () -> MasterQueries.usedResources(vertx).isEmpty());
    Await.result(framework.client().teardown());
  }

  @Test
  void killedAgentsTasksAreLostAndItsResourcesLeave() throws Exception {
    ProcessCluster.AgentProcess victim = cluster.startAgent("victim", "cpus:1;mem:512;victim_slots:1");
    try {
      Await.until("victim registered", WAIT, () -> MasterQueries.agent(vertx, victim.id()) != null);
      Resources before = MasterQueries.totalResources(vertx);
      assertEquals(1.0, before.scalar("victim_slots"));
      TestFramework framework = new TestFramework(vertx, "victims");
      framework.subscribe();
      List<String> tasks = List.of("doomed-1", "doomed-2");
      Offer offer = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (offer == null) {
        assertTrue(System.nanoTime() < deadline, "no offer from the victim agent");
        Offer next = framework.nextOffer(WAIT);
        if (next.getAgentId().getValue().equals(victim.id())) {
          offer = next;
        }
      }
      Offer victimOffer = offer;
      framework.launch(victimOffer, tasks.stream()
          .map(id -> TestFramework.task(id, victimOffer, "sleep 600", "cpus:0.25;mem:64"))
          .toList(), 0);
      for (String id : tasks) {
        framework.awaitState(id, TaskState.TASK_RUNNING, WAIT);
      }

      victim.process().kill9();

      for (String id : tasks) {
        TaskStatus lost = framework.awaitState(id, TaskState.TASK_LOST, Duration.ofSeconds(20));
        assertEquals(TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
      }
      assertFalse(MasterQueries.agent(vertx, victim.id()).getActive());
      Resources after = MasterQueries.totalResources(vertx);
      assertEquals(0.0, after.scalar("victim_slots"), "the victim's resources left the cluster totals");
      assertEquals(before.scalar("cpus") - 1, after.scalar("cpus"), 1e-9);
      Await.result(framework.client().teardown());
    } finally {
      victim.process().close();
      // Its tasks outlive a kill -9 by design; end them by the PIDs their sandboxes hold.
      TaskProcesses.killAll(victim.workDir());
    }
  }
}
