package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code mezzo tasks|agents|frameworks|kill} against a newcomer's {@code mezzo local}, with
 * tasks launched by a framework in this JVM (a lite member of the local cluster).
 */
@ExtendWith(MezzoLocalExtension.class)
class StateCommandsTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration CLI = Duration.ofSeconds(60);

  @Test
  void listingCommandsShowTasksAndAgentsAndKillEndsATask(MezzoLocal local) throws Exception {
    ClusterConfig join = new ClusterConfig(local.clusterName, ProcessCluster.HOST, ProcessCluster.freePort(), false,
        List.of(ProcessCluster.HOST + ":" + local.clusterPort), 0, null);
    Vertx vertx = Await.result(ClusteredVertx.start(join, true), MezzoProcess.START_TIMEOUT);
    try {
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String sleeper = "sleeper-" + suffix;
      String done = "done-" + suffix;
      TestFramework framework = new TestFramework(vertx, "cli-lister-" + suffix);
      FrameworkID frameworkId = framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          TestFramework.task(sleeper, offer, "sleep 600", "cpus:0.1;mem:32"),
          TestFramework.task(done, offer, "true", "cpus:0.1;mem:32")), 60);
      // Give the rest back at once: the cluster is shared with other test classes.
      Await.result(framework.client().suppress());
      framework.awaitState(sleeper, TaskState.TASK_RUNNING, WAIT);
      framework.awaitState(done, TaskState.TASK_FINISHED, WAIT);

      MezzoCli.Result tasks = local.cli(CLI, "tasks", "-o", "json");
      assertEquals(0, tasks.exitCode(), tasks.toString());
      JsonArray taskArray = new JsonArray(tasks.stdout());
      JsonObject running = find(taskArray, sleeper);
      assertEquals("TASK_RUNNING", running.getString("state"), running.encode());
      assertEquals(sleeper, running.getString("name"));
      assertEquals(frameworkId.getValue(), running.getString("framework_id"));
      assertTrue(!running.getString("slave_id").isEmpty(), running.encode());
      assertEquals("TASK_FINISHED", find(taskArray, done).getString("state"));

      MezzoCli.Result table = local.cli(CLI, "tasks");
      assertEquals(0, table.exitCode(), table.toString());
      assertTrue(table.stdout().lines().anyMatch(l -> l.startsWith(sleeper + " ") && l.contains("TASK_RUNNING")
          && l.contains("cli-lister-" + suffix)), table.stdout());
      assertTrue(table.stdout().startsWith("ID "), table.stdout());

      MezzoCli.Result agents = local.cli(CLI, "agents", "-o", "json");
      assertEquals(0, agents.exitCode(), agents.toString());
      JsonObject agent = new JsonArray(agents.stdout()).getJsonObject(0);
      assertEquals(running.getString("slave_id"), agent.getString("id"));
      JsonObject resources = agent.getJsonObject("resources");
      assertEquals(4.0, resources.getDouble("cpus"), agent.encode());
      assertEquals(4096.0, resources.getDouble("mem"));
      assertEquals(4096.0, resources.getDouble("disk"));
      assertTrue(agent.getJsonObject("used_resources").getDouble("cpus") >= 0.1, agent.encode());
      assertEquals(true, agent.getBoolean("active"));

      MezzoCli.Result frameworks = local.cli(CLI, "frameworks");
      assertEquals(0, frameworks.exitCode(), frameworks.toString());
      assertTrue(frameworks.stdout().lines().anyMatch(l -> l.contains("cli-lister-" + suffix) && l.contains("connected")),
          frameworks.stdout());

      MezzoCli.Result kill = local.cli(CLI, "kill", sleeper);
      assertEquals(0, kill.exitCode(), kill.toString());
      assertEquals(1, kill.stdout().lines().count(), kill.toString());
      assertTrue(kill.stdout().contains(sleeper) && kill.stdout().contains(frameworkId.getValue()), kill.toString());
      framework.awaitState(sleeper, TaskState.TASK_KILLED, WAIT);

      MezzoCli.Result again = local.cli(CLI, "kill", sleeper);
      assertOneErrorLine(again, "already ended");
      MezzoCli.Result ghost = local.cli(CLI, "kill", "ghost-" + suffix);
      assertOneErrorLine(ghost, "Unknown task");
      Await.result(framework.client().teardown());
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void listingAgainstAClosedPortSaysTheMasterIsUnreachable() throws Exception {
    int closed = ProcessCluster.freePort();
    MezzoCli.Result result = MezzoCli.run(CLI, Map.of("NO_COLOR", "1"), "tasks", "--master", ProcessCluster.HOST + ":" + closed);
    assertOneErrorLine(result, "mezzo: cannot reach the master");
  }

  @Test
  void anUnknownOutputFormatIsAUsageError(MezzoLocal local) throws Exception {
    MezzoCli.Result result = local.cli(CLI, "agents", "-o", "yaml");
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("table or json"), result.toString());
  }

  private static void assertOneErrorLine(MezzoCli.Result result, String expected) {
    assertNotEquals(0, result.exitCode(), result.toString());
    List<String> lines = result.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), result.toString());
    assertTrue(lines.get(0).startsWith("mezzo: ") && lines.get(0).contains(expected), result.toString());
  }

  private static JsonObject find(JsonArray tasks, String id) {
    for (Object task : tasks) {
      if (id.equals(((JsonObject) task).getString("id"))) {
        return (JsonObject) task;
      }
    }
    throw new AssertionError("no task " + id + " in " + tasks.encodePrettily());
  }
}
