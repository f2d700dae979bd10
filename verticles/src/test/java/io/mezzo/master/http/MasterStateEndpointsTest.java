package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.Http;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /master/state}, {@code /master/state-summary}, {@code /master/tasks} and {@code /metrics/snapshot} of a live cluster. */
@ExtendWith(VertxExtension.class)
class MasterStateEndpointsTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String AGENT = "cpus:2;mem:1024;disk:2048;ports:[31000-31099]";

  private static LocalCluster start(Vertx vertx, Path dir) {
    LocalCluster cluster = LocalCluster.start(vertx, dir, LocalCluster.fastMaster(dir));
    cluster.addAgent(new JsonObject().put("resources", AGENT).put("attributes", "rack:a;zone:2"));
    return cluster;
  }

  @Test
  void stateShowsAgentsAndFrameworksWithTheirTasksInMesosNames(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = start(vertx, dir)) {
      Http http = new Http(cluster.master().httpPort());
      TestFramework framework = new TestFramework(vertx, "web");
      FrameworkID frameworkId = framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          TestFramework.task("sleeper", offer, "sleep 600", "cpus:0.5;mem:64;ports:[31000-31000]"),
          TestFramework.task("done", offer, "true", "cpus:0.25;mem:32")), 0);
      framework.awaitState("sleeper", TaskState.TASK_RUNNING, WAIT);
      framework.awaitState("done", TaskState.TASK_FINISHED, WAIT);
      // Acknowledged, the finished task moves to the completed tasks.
      Await.until("done completed", WAIT, () -> !tasksNamed(http.get("/master/state").json(), "completed_tasks", "done").isEmpty());

      JsonObject state = http.get("/master/state").json();
      assertEquals(state.getString("pid"), state.getString("leader"));
      assertEquals(state.getString("id"), state.getJsonObject("leader_info").getString("id"));
      assertEquals(cluster.master().epoch(), state.getLong("epoch"));
      assertTrue(state.getDouble("start_time") > 0 && state.getDouble("elected_time") > 0, state.encode());
      assertNotNull(state.getString("version"));
      assertEquals(1, state.getInteger("activated_slaves"));
      assertEquals(0, state.getInteger("unreachable_slaves"));

      JsonObject slave = state.getJsonArray("slaves").getJsonObject(0);
      assertEquals(cluster.agent(0).agentId(), slave.getString("id"));
      assertEquals(new JsonObject().put("cpus", 2.0).put("disk", 2048.0).put("gpus", 0.0).put("mem", 1024.0)
          .put("ports", "[31000-31099]"), slave.getJsonObject("resources"));
      assertEquals(slave.getJsonObject("resources"), slave.getJsonObject("unreserved_resources"));
      JsonObject used = slave.getJsonObject("used_resources");
      assertEquals(0.5, used.getDouble("cpus"), slave.encode());
      assertEquals(64.0, used.getDouble("mem"));
      assertEquals("[31000-31000]", used.getString("ports"));
      assertTrue(slave.getJsonObject("offered_resources").containsKey("cpus"), slave.encode());
      assertEquals(new JsonObject().put("rack", "a").put("zone", 2.0), slave.getJsonObject("attributes"));
      assertEquals(true, slave.getBoolean("active"));
      assertTrue(slave.getDouble("registered_time") > 0);

      JsonObject fw = state.getJsonArray("frameworks").getJsonObject(0);
      assertEquals(frameworkId.getValue(), fw.getString("id"));
      assertEquals("web", fw.getString("name"));
      assertEquals("tester", fw.getString("user"));
      assertEquals("*", fw.getString("role"));
      assertEquals(true, fw.getBoolean("active"));
      assertEquals(true, fw.getBoolean("connected"));
      assertEquals(0.5, fw.getJsonObject("used_resources").getDouble("cpus"));
      JsonObject sleeper = tasksNamed(state, "tasks", "sleeper").get(0);
      assertEquals("TASK_RUNNING", sleeper.getString("state"));
      assertEquals(frameworkId.getValue(), sleeper.getString("framework_id"));
      assertEquals(cluster.agent(0).agentId(), sleeper.getString("slave_id"));
      assertEquals("sleeper", sleeper.getString("executor_id"));
      assertEquals(0.5, sleeper.getJsonObject("resources").getDouble("cpus"));
      JsonObject running = lastStatus(sleeper);
      assertEquals("TASK_RUNNING", running.getString("state"));
      assertTrue(running.getDouble("timestamp") > 1e9, running.encode());
      assertEquals("TASK_FINISHED", tasksNamed(state, "completed_tasks", "done").get(0).getString("state"));
      assertTrue(fw.getJsonArray("offers") != null && fw.getJsonArray("unreachable_tasks").isEmpty());
      assertTrue(state.getJsonArray("completed_frameworks").isEmpty());

      JsonObject summary = http.get("/master/state-summary").json();
      JsonObject slaveSummary = summary.getJsonArray("slaves").getJsonObject(0);
      assertEquals(1, slaveSummary.getInteger("TASK_RUNNING"));
      assertEquals(1, slaveSummary.getInteger("TASK_FINISHED"));
      assertEquals(new JsonArray().add(frameworkId.getValue()), slaveSummary.getJsonArray("framework_ids"));
      JsonObject fwSummary = summary.getJsonArray("frameworks").getJsonObject(0);
      assertEquals(1, fwSummary.getInteger("TASK_RUNNING"));
      assertEquals(new JsonArray().add(cluster.agent(0).agentId()), fwSummary.getJsonArray("slave_ids"));
      assertTrue(!fwSummary.containsKey("tasks"), "a summary lists no tasks");
    }
  }

  @Test
  void tasksEndpointFiltersSortsAndPages(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = start(vertx, dir)) {
      Http http = new Http(cluster.master().httpPort());
      TestFramework a = new TestFramework(vertx, "a");
      FrameworkID aId = a.subscribe();
      Offer offer = a.nextOffer(WAIT);
      a.launch(offer, List.of(TestFramework.task("a1", offer, "sleep 600", "cpus:0.25;mem:32")), 0);
      a.awaitState("a1", TaskState.TASK_RUNNING, WAIT);
      offer = a.nextOffer(WAIT);
      a.launch(offer, List.of(TestFramework.task("a2", offer, "true", "cpus:0.25;mem:32")), 5);
      a.awaitState("a2", TaskState.TASK_FINISHED, WAIT);
      quiet(a);
      TestFramework b = new TestFramework(vertx, "b");
      b.subscribe();
      Offer offerB = b.nextOffer(WAIT);
      b.launch(offerB, List.of(TestFramework.task("b1", offerB, "sleep 600", "cpus:0.25;mem:32")), 5);
      b.awaitState("b1", TaskState.TASK_RUNNING, WAIT);

      assertEquals(List.of("a1", "a2", "b1"), sortedIds(http.get("/master/tasks")));
      assertEquals(List.of("a1", "a2"), sortedIds(http.get("/master/tasks?framework_id=" + aId.getValue())));
      assertEquals(List.of("b1"), sortedIds(http.get("/master/tasks?task_id=b1")));
      assertEquals(List.of("a1", "b1"), sortedIds(http.get("/master/tasks?state=TASK_RUNNING")));
      assertEquals(List.of("a2"), sortedIds(http.get("/master/tasks.json?state=finished")));
      assertEquals(1, ids(http.get("/master/tasks?limit=1")).size());
      List<String> ascending = ids(http.get("/master/tasks?order=asc"));
      List<String> descending = new ArrayList<>(ids(http.get("/master/tasks?order=desc")));
      Collections.reverse(descending);
      assertEquals(ascending, descending);
      assertEquals("a1", ascending.get(0), "the oldest task first");
      assertEquals(ascending.subList(1, 3), ids(http.get("/master/tasks?order=asc&offset=1&limit=5")));

      for (String bad : List.of("limit=abc", "limit=100000", "limit=-1", "offset=x", "order=sideways", "state=NAPPING")) {
        Http.Reply reply = http.get("/master/tasks?" + bad);
        assertEquals(400, reply.status(), bad + ": " + reply);
        String parameter = bad.substring(0, bad.indexOf('='));
        assertTrue(reply.json().getString("error").contains(parameter), reply.toString());
      }
    }
  }

  @Test
  void metricsSnapshotMovesWhenATaskRunsAndFinishes(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = start(vertx, dir)) {
      Http http = new Http(cluster.master().httpPort());
      JsonObject idle = http.get("/metrics/snapshot").json();
      assertEquals(1, idle.getInteger("master/elected"));
      assertEquals(cluster.master().epoch(), idle.getLong("master/epoch"));
      assertEquals(1, idle.getInteger("master/slaves_active"));
      assertEquals(0, idle.getInteger("master/slaves_inactive"));
      assertEquals(2.0, idle.getDouble("master/cpus_total"));
      assertEquals(1024.0, idle.getDouble("master/mem_total"));
      assertEquals(0, idle.getInteger("master/tasks_running"));
      assertTrue(idle.getDouble("master/uptime_secs") >= 0);

      TestFramework framework = new TestFramework(vertx, "metered");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Path go = dir.resolve("go");
      framework.launch(offer, List.of(TestFramework.task("gated", offer,
          "while [ ! -e '" + go + "' ]; do sleep 0.05; done", "cpus:0.5;mem:128")), 60);
      framework.awaitState("gated", TaskState.TASK_RUNNING, WAIT);
      JsonObject running = http.get("/metrics/snapshot").json();
      assertEquals(1, running.getInteger("master/tasks_running"), running.encode());
      assertEquals(0.5, running.getDouble("master/cpus_used"));
      assertEquals(0.25, running.getDouble("master/cpus_percent"));
      assertEquals(128.0, running.getDouble("master/mem_used"));
      assertEquals(1, running.getInteger("master/frameworks_active"));
      assertEquals(1, running.getInteger("master/frameworks_connected"));

      Files.createFile(go);
      framework.awaitState("gated", TaskState.TASK_FINISHED, WAIT);
      Await.until("the finished task counted", WAIT, () -> {
        JsonObject after = http.get("/metrics/snapshot").json();
        return after.getInteger("master/tasks_finished") == 1 && after.getInteger("master/tasks_running") == 0
            && after.getDouble("master/cpus_used") == 0.0;
      });
    }
  }

  /** Stops offers to {@code framework} and gives back what it holds, so that others get offers. */
  static void quiet(TestFramework framework) {
    Await.result(framework.client().suppress());
    for (Offer held = framework.pollOffer(Duration.ofMillis(300)); held != null; held = framework.pollOffer(Duration.ofMillis(300))) {
      Await.result(framework.client().decline(List.of(held.getId()), Filters.newBuilder().setRefuseSeconds(60).build()));
    }
  }

  static List<JsonObject> tasksNamed(JsonObject state, String kind, String taskId) {
    List<JsonObject> found = new ArrayList<>();
    for (Object fw : state.getJsonArray("frameworks")) {
      for (Object task : ((JsonObject) fw).getJsonArray(kind)) {
        if (((JsonObject) task).getString("id").equals(taskId)) {
          found.add((JsonObject) task);
        }
      }
    }
    return found;
  }

  private static JsonObject lastStatus(JsonObject task) {
    JsonArray statuses = task.getJsonArray("statuses");
    return statuses.getJsonObject(statuses.size() - 1);
  }

  private static List<String> ids(Http.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    List<String> ids = new ArrayList<>();
    reply.json().getJsonArray("tasks").forEach(task -> ids.add(((JsonObject) task).getString("id")));
    return ids;
  }

  private static List<String> sortedIds(Http.Reply reply) {
    return ids(reply).stream().sorted().toList();
  }
}
