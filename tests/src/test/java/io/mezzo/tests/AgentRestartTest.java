package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.MasterQueries;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real agent process: its tasks live on, and the agent restarted on the
 * same work dir takes them back before the master gives up on it, so the framework never
 * hears that the live task was lost.
 */
class AgentRestartTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String RESOURCES = "cpus:2;mem:1024;disk:1024";

  @Test
  void killedAgentIsRestartedAndTakesBackItsTasks(@TempDir Path dir) throws Exception {
    // Missed pings are forgiven for two minutes: the restart comes well before that.
    try (ProcessCluster cluster = new ProcessCluster(dir, "--agent-ping-interval", "1s", "--max-missed-pings", "120")) {
      ProcessCluster.AgentProcess agent = cluster.startAgent("agent", RESOURCES);
      try {
        Vertx vertx = cluster.frameworkVertx();
        Await.until("agent registered", WAIT, () -> MasterQueries.agent(vertx, agent.id()) != null);
        TestFramework framework = new TestFramework(vertx, "restart");
        framework.subscribe();
        Offer offer = framework.nextOffer(WAIT);
        framework.launch(offer, List.of(
            TestFramework.task("long", offer, "sleep 600", "cpus:0.5;mem:64"),
            TestFramework.task("short", offer, "sleep 3; exit 4", "cpus:0.5;mem:64")), 0);
        framework.awaitState("long", TaskState.TASK_RUNNING, WAIT);
        framework.awaitState("short", TaskState.TASK_RUNNING, WAIT);
        long longGroup = TaskProcesses.taskPid(TaskProcesses.sandbox(agent.workDir(), "long"));

        agent.process().kill9();

        assertFalse(TaskProcesses.groupMembers(longGroup).isEmpty(), "kill -9 of the agent left its task running");
        Path shortStatus = TaskProcesses.sandbox(agent.workDir(), "short").resolve(".mezzo").resolve("exit_status");
        Await.until("the short task ended while the agent was down", WAIT, () -> Files.exists(shortStatus));
        assertTrue(MasterQueries.agent(vertx, agent.id()).getActive(), "the master has not given up on the agent");

        ProcessCluster.AgentProcess restarted = cluster.restartAgent(agent, RESOURCES);
        assertEquals(agent.id(), restarted.id(), "the restarted agent keeps its ID");

        TaskStatus shortEnd = framework.awaitState("short", TaskState.TASK_FAILED, WAIT);
        assertTrue(shortEnd.getMessage().contains("status 4"), shortEnd.getMessage());
        assertEquals(TaskState.TASK_RUNNING, framework.latestState("long"));
        assertFalse(TaskProcesses.groupMembers(longGroup).isEmpty());

        killUntilKilled(framework, "long", agent.id());
        Await.until("the long task's group gone", WAIT, () -> TaskProcesses.groupMembers(longGroup).isEmpty());
        List<TaskState> longStates = framework.updates("long").stream().map(TaskStatus::getState).distinct().toList();
        assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_KILLED), longStates,
            "the live task was never reported lost or unreachable");
        Await.result(framework.client().teardown());
      } finally {
        // Tasks outlive their agent by design; end them by the PIDs their sandboxes hold.
        TaskProcesses.killAll(agent.workDir());
      }
    }
  }

  /**
   * Kills a task through the master, asking again if nothing happens: until the cluster has
   * noticed that the crashed agent's node is gone, a message to the agent may still be routed
   * to it and lost, and frameworks retry kills for that reason.
   */
  private static void killUntilKilled(TestFramework framework, String taskId, String agentId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (framework.latestState(taskId) != TaskState.TASK_KILLED) {
      assertTrue(System.nanoTime() < deadline, "task " + taskId + " was not killed within " + WAIT);
      Await.result(framework.client().kill(TaskID.newBuilder().setValue(taskId).build(),
          AgentID.newBuilder().setValue(agentId).build()));
      try {
        framework.awaitState(taskId, TaskState.TASK_KILLED, Duration.ofSeconds(5));
      } catch (AssertionError notYet) {
        // Asked again below.
      }
    }
  }
}
