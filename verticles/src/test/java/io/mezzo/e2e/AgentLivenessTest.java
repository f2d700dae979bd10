package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An agent that stops answering pings is unreachable: its tasks are reported and its resources leave. */
@ExtendWith(VertxExtension.class)
class AgentLivenessTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void silentAgentsTasksBecomeLostOrUnreachable(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework plain = new TestFramework(vertx, "plain");
      TestFramework aware = new TestFramework(vertx, "aware").partitionAware();
      plain.subscribe();
      aware.subscribe();
      launchSleep(plain, "p1");
      launchSleep(aware, "a1");
      Resources total = cluster.totalResources();
      String agentId = cluster.agent(0).agentId();

      cluster.stopAgent(0);

      TaskStatus lost = plain.awaitState("p1", TaskState.TASK_LOST, WAIT);
      assertEquals(TaskStatus.Source.SOURCE_MASTER, lost.getSource());
      assertEquals(TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
      aware.awaitState("a1", TaskState.TASK_UNREACHABLE, WAIT);
      plain.nextEvent(e -> e.getType() == Event.Type.FAILURE && e.getFailure().getAgentId().getValue().equals(agentId), WAIT);
      assertFalse(cluster.agentView(agentId).getActive());
      assertEquals(Resources.empty(), cluster.totalResources(), "the agent's " + total + " left the cluster");
      assertEquals(1, cluster.state().getGetTasks().getUnreachableTasksCount());
    }
  }

  private static void launchSleep(TestFramework framework, String id) {
    Offer offer = framework.nextOffer(WAIT);
    framework.launch(offer, List.of(TestFramework.task(id, offer, "sleep 600", "cpus:0.5;mem:64")), 0);
    framework.awaitState(id, TaskState.TASK_RUNNING, WAIT);
  }
}
