package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.http.ProtoJson;
import io.mezzo.testing.Await;
import io.mezzo.testing.Http;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1}, the operator API: reads in JSON and protobuf, KILL_TASK, TEARDOWN, and bad requests. */
@ExtendWith(VertxExtension.class)
class OperatorEndpointsTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String JSON = "application/json";
  static final String PROTOBUF = "application/x-protobuf";

  @Test
  void getStateAnswersInJsonAndInProtobuf(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http http = new Http(cluster.master().httpPort());
      Http.Reply json = http.postJson("/api/v1", new JsonObject().put("type", "GET_STATE"));
      assertEquals(200, json.status(), json.toString());
      assertEquals(JSON, json.contentType());
      Response fromJson = ProtoJson.parse(json.text(), Response.newBuilder()).build();
      assertEquals(Response.Type.GET_STATE, fromJson.getType());
      assertEquals(cluster.agent(0).agentId(),
          fromJson.getGetState().getGetAgents().getAgents(0).getAgentInfo().getId().getValue());

      byte[] call = Call.newBuilder().setType(Call.Type.GET_STATE).build().toByteArray();
      Http.Reply protobuf = http.post("/api/v1", PROTOBUF, call, null);
      assertEquals(200, protobuf.status(), protobuf.toString());
      assertEquals(PROTOBUF, protobuf.contentType());
      assertEquals(fromJson.getGetState().getGetAgents(), Response.parseFrom(protobuf.body()).getGetState().getGetAgents());

      // Accept decides the answer's type.
      Http.Reply asked = http.post("/api/v1", JSON, "{\"type\":\"GET_HEALTH\"}".getBytes(StandardCharsets.UTF_8), PROTOBUF);
      assertEquals(PROTOBUF, asked.contentType());
      assertTrue(Response.parseFrom(asked.body()).getGetHealth().getHealthy());
      Http.Reply refused = http.post("/api/v1", JSON, "{\"type\":\"GET_HEALTH\"}".getBytes(StandardCharsets.UTF_8), "text/html");
      assertError(406, refused);
    }
  }

  @Test
  void theNodesFlagsMetricsAndLoggingLevelAndTheStatesRolesExecutorsAndOperations(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http http = new Http(cluster.master().httpPort());
      JsonObject flags = ask(http, "GET_FLAGS").getJsonObject("get_flags");
      assertTrue(flags.getJsonArray("flags").stream().map(JsonObject.class::cast)
          .anyMatch(flag -> flag.getString("name").equals("heartbeat_interval") && flag.getString("value").equals("500ms")),
          flags.encode());

      JsonObject metrics = http.postJson("/api/v1", new JsonObject().put("type", "GET_METRICS")
          .put("get_metrics", new JsonObject().put("timeout", new JsonObject().put("nanoseconds", 5_000_000_000L)))).json();
      assertEquals("GET_METRICS", metrics.getString("type"), metrics.encode());
      assertTrue(metrics.getJsonObject("get_metrics").getJsonArray("metrics").stream().map(JsonObject.class::cast)
          .anyMatch(metric -> metric.getString("name").equals("master/slaves_active") && metric.getDouble("value") == 1.0),
          metrics.encode());

      assertEquals(0, ask(http, "GET_LOGGING_LEVEL").getJsonObject("get_logging_level").getInteger("level"));
      Http.Reply set = http.postJson("/api/v1", new JsonObject().put("type", "SET_LOGGING_LEVEL").put("set_logging_level",
          new JsonObject().put("level", 1).put("duration", new JsonObject().put("nanoseconds", 1_000_000_000L))));
      assertEquals(200, set.status(), set.toString());
      assertEquals(0, set.body().length);
      assertEquals(1, ask(http, "GET_LOGGING_LEVEL").getJsonObject("get_logging_level").getInteger("level"));
      Await.until("the level reverts after its duration", WAIT,
          () -> ask(http, "GET_LOGGING_LEVEL").getJsonObject("get_logging_level").getInteger("level") == 0);
      assertContains(assertError(400, http.postJson("/api/v1", new JsonObject().put("type", "SET_LOGGING_LEVEL")
          .put("set_logging_level", new JsonObject().put("level", 1)))), "duration");

      assertTrue(ask(http, "GET_ROLES").containsKey("get_roles"));
      assertEquals("GET_EXECUTORS", ask(http, "GET_EXECUTORS").getString("type"));
      assertEquals(new JsonObject(), ask(http, "GET_OPERATIONS").getJsonObject("get_operations"));
    }
  }

  private static JsonObject ask(Http http, String type) {
    Http.Reply reply = http.postJson("/api/v1", new JsonObject().put("type", type));
    assertEquals(200, reply.status(), reply.toString());
    JsonObject json = reply.json();
    assertEquals(type, json.getString("type"), json.encode());
    return json;
  }

  @Test
  void killTaskKillsARunningTaskAndTheFrameworkHearsIt(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      Http http = new Http(cluster.master().httpPort());
      TestFramework framework = new TestFramework(vertx, "victim");
      FrameworkID frameworkId = framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("sleeper", offer, "sleep 600", "cpus:0.5;mem:64")), 60);
      framework.awaitState("sleeper", TaskState.TASK_RUNNING, WAIT);

      Http.Reply reply = http.postJson("/api/v1", killTask("sleeper", null));
      assertEquals(200, reply.status(), reply.toString());
      JsonObject killed = reply.json().getJsonObject("kill_task");
      assertEquals("KILL_TASK", reply.json().getString("type"));
      assertEquals(frameworkId.getValue(), killed.getJsonObject("framework_id").getString("value"));
      assertEquals(cluster.agent(0).agentId(), killed.getJsonObject("agent_id").getString("value"));
      assertEquals("TASK_RUNNING", killed.getString("state"));
      TaskStatus status = framework.awaitState("sleeper", TaskState.TASK_KILLED, WAIT);
      assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, status.getSource());
      Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());

      assertError(409, http.postJson("/api/v1", killTask("sleeper", null)));
      Http.Reply unknown = http.postJson("/api/v1", killTask("ghost", null));
      assertError(404, unknown);
      assertTrue(unknown.json().getString("error").contains("ghost"), unknown.toString());
      assertError(404, http.postJson("/api/v1", killTask("sleeper", "no-such-framework")));
      assertError(400, http.postJson("/api/v1", killTask("bad/id", null)));
      assertError(400, http.postJson("/api/v1", new JsonObject().put("type", "KILL_TASK")));
    }
  }

  @Test
  void killTaskOfATaskIdTwoFrameworksShareNeedsTheFramework(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      Http http = new Http(cluster.master().httpPort());
      TestFramework a = new TestFramework(vertx, "a");
      FrameworkID aId = a.subscribe();
      Offer offer = a.nextOffer(WAIT);
      a.launch(offer, List.of(TestFramework.task("twin", offer, "sleep 600", "cpus:0.5;mem:64")), 60);
      a.awaitState("twin", TaskState.TASK_RUNNING, WAIT);
      MasterStateEndpointsTest.quiet(a);
      TestFramework b = new TestFramework(vertx, "b");
      FrameworkID bId = b.subscribe();
      Offer offerB = b.nextOffer(WAIT);
      b.launch(offerB, List.of(TestFramework.task("twin", offerB, "sleep 600", "cpus:0.5;mem:64")), 60);
      b.awaitState("twin", TaskState.TASK_RUNNING, WAIT);

      Http.Reply ambiguous = http.postJson("/api/v1", killTask("twin", null));
      assertError(400, ambiguous);
      String error = ambiguous.json().getString("error");
      assertTrue(error.contains(aId.getValue()) && error.contains(bId.getValue()), error);

      assertEquals(200, http.postJson("/api/v1", killTask("twin", bId.getValue())).status());
      b.awaitState("twin", TaskState.TASK_KILLED, WAIT);
      assertEquals(TaskState.TASK_RUNNING, a.latestState("twin"));
    }
  }

  @Test
  void teardownRemovesTheFrameworkAndKillsItsTasks(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      Http http = new Http(cluster.master().httpPort());
      TestFramework framework = new TestFramework(vertx, "doomed");
      FrameworkID frameworkId = framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("t1", offer, "sleep 600", "cpus:0.5;mem:64")), 60);
      framework.awaitState("t1", TaskState.TASK_RUNNING, WAIT);

      JsonObject teardown = new JsonObject().put("type", "TEARDOWN")
          .put("teardown", new JsonObject().put("framework_id", new JsonObject().put("value", frameworkId.getValue())));
      Http.Reply reply = http.postJson("/api/v1", teardown);
      assertEquals(200, reply.status(), reply.toString());
      assertEquals(0, reply.body().length);
      framework.nextEvent(e -> e.getType() == Event.Type.ERROR, WAIT);
      Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());
      JsonObject state = http.get("/master/state").json();
      assertTrue(state.getJsonArray("frameworks").isEmpty(), state.encode());
      JsonObject removed = state.getJsonArray("completed_frameworks").getJsonObject(0);
      assertEquals(frameworkId.getValue(), removed.getString("id"));
      assertEquals("TASK_KILLED", removed.getJsonArray("completed_tasks").getJsonObject(0).getString("state"));

      assertError(409, http.postJson("/api/v1", teardown));
      assertError(404, http.postJson("/api/v1", new JsonObject().put("type", "TEARDOWN")
          .put("teardown", new JsonObject().put("framework_id", new JsonObject().put("value", "nobody")))));
    }
  }

  @Test
  void badRequestsGetJsonErrorsThatSayWhy(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http http = new Http(cluster.master().httpPort());
      byte[] getState = "{\"type\":\"GET_STATE\"}".getBytes(StandardCharsets.UTF_8);
      assertError(415, http.post("/api/v1", null, getState, null));
      assertError(415, http.post("/api/v1", "text/plain", getState, null));
      assertError(400, http.post("/api/v1", JSON, new byte[0], null));
      assertContains(assertError(400, http.post("/api/v1", JSON, bytes("{\"type\": "), null)), "Call");
      // Fields and enum names the schema lacks are ignored, as Mesos ignores them.
      assertEquals(200, http.post("/api/v1", JSON, bytes("{\"type\":\"GET_STATE\",\"bogus\":1}"), null).status());
      assertContains(assertError(400, http.post("/api/v1", JSON, bytes("{\"type\":\"FLY\"}"), null)), "known type");
      assertError(400, http.post("/api/v1", JSON, bytes("{}"), null));
      assertContains(assertError(400, http.post("/api/v1", JSON, bytes("{\"type\":\"GET_HEALTH\"} garbage"), null)), "garbage");
      byte[] latin1 = "{\"type\":\"GET_HEALTH\", \"x\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
      assertContains(assertError(400, http.post("/api/v1", JSON, latin1, null)), "not valid UTF-8");
      assertError(400, http.post("/api/v1", JSON, bytes("[" .repeat(100_000)), null));
      assertError(400, http.post("/api/v1", PROTOBUF, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, null));
      // Operator calls Mesos has and Mezzo does not carry out yet are refused by name, whatever their body.
      assertContains(assertError(400, http.post("/api/v1", PROTOBUF, new byte[] {8, 28}, null)),
          "GET_QUOTA is not supported yet");
      assertContains(assertError(400, http.postJson("/api/v1", new JsonObject().put("type", "DRAIN_AGENT"))),
          "DRAIN_AGENT is not supported yet");

      byte[] huge = new byte[5 * 1024 * 1024];
      java.util.Arrays.fill(huge, (byte) ' ');
      assertError(413, http.post("/api/v1", JSON, huge, null));
      assertError(414, http.get("/master/tasks?task_id=" + "x".repeat(20_000)));
      assertError(405, http.get("/api/v1"));
      assertError(404, http.get("/master/nothing-here"));

      // The cluster is unharmed.
      assertEquals(200, http.postJson("/api/v1", new JsonObject().put("type", "GET_HEALTH")).status());
    }
  }

  private static JsonObject killTask(String taskId, String frameworkId) {
    JsonObject kill = new JsonObject().put("task_id", new JsonObject().put("value", taskId));
    if (frameworkId != null) {
      kill.put("framework_id", new JsonObject().put("value", frameworkId));
    }
    return new JsonObject().put("type", "KILL_TASK").put("kill_task", kill);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Asserts a JSON error with {@code status}; returns its message. */
  static String assertError(int status, Http.Reply reply) {
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.contentType() != null && reply.contentType().startsWith(JSON), reply.toString());
    JsonObject error = reply.json();
    assertEquals(status, error.getInteger("status"), reply.toString());
    assertTrue(!error.getString("error").isBlank(), reply.toString());
    return error.getString("error");
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "'" + text + "' should mention " + part);
  }
}
