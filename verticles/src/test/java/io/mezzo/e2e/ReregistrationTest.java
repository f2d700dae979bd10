package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
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

/**
 * A master that starts afresh learns the cluster back from its agents: they notice the
 * missing pings, re-register with their running tasks, and frameworks find their tasks by
 * reconciliation after re-subscribing.
 */
@ExtendWith(VertxExtension.class)
class ReregistrationTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void agentReregistersWithItsRunningTasksAfterMasterRestart(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "survivor").failoverTimeout(60);
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("long", offer, "sleep 600", "cpus:0.5;mem:64")), 0);
      framework.awaitState("long", TaskState.TASK_RUNNING, WAIT);
      long firstEpoch = cluster.master().epoch();

      cluster.restartMaster();
      assertTrue(cluster.master().epoch() > firstEpoch, "the new master has a higher epoch");
      String agentId = cluster.agent(0).agentId();
      Await.until("agent re-registered with its task", WAIT, () -> {
        Response.GetAgents.Agent agent = cluster.agentView(agentId);
        return agent != null && agent.getActive()
            && Resources.fromProto(agent.getAllocatedResourcesList()).equals(Resources.parse("cpus:0.5;mem:64"));
      });
      Response.GetState state = cluster.state();
      assertEquals(1, state.getGetTasks().getTasksCount());
      assertEquals(TaskState.TASK_RUNNING, state.getGetTasks().getTasks(0).getState());
      Response.GetFrameworks.Framework recovered = state.getGetFrameworks().getFrameworks(0);
      assertEquals(framework.id(), recovered.getFrameworkInfo().getId());
      assertTrue(!recovered.getConnected(), "the framework waits, disconnected, for its scheduler");

      framework.subscribe();
      int before = framework.updates("long").size();
      Await.result(framework.client().reconcile(List.of()));
      Await.until("reconciled", WAIT, () -> framework.updates("long").size() > before);
      TaskStatus latest = framework.updates("long").get(framework.updates("long").size() - 1);
      assertEquals(TaskState.TASK_RUNNING, latest.getState());
      assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, latest.getReason());
      Await.result(framework.client().teardown());
    }
  }
}
