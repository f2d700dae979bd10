package io.mezzo.master.http;

import static io.mezzo.master.http.StateFixtures.AGENT;
import static io.mezzo.master.http.StateFixtures.FW;
import static io.mezzo.master.http.StateFixtures.master;
import static io.mezzo.master.http.StateFixtures.state;
import static io.mezzo.master.http.StateFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.master.Response;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure builders of the master's JSON: Mesos's names and shapes from Mezzo's protobuf views. */
class StateJsonTest {
  @Test
  void stateHasMesosNamesAndShapes() {
    JsonObject state = StateJson.state(state(), master(), io.mezzo.v1.master.Response.GetFlags.getDefaultInstance(), 7);
    assertEquals("0.1.0", state.getString("version"));
    assertEquals("m1", state.getString("id"));
    assertEquals("mezzo.master@node0", state.getString("leader"));
    assertEquals("node0", state.getJsonObject("leader_info").getString("hostname"));
    assertEquals(7, state.getLong("epoch"));
    assertEquals(1_699_999_000.0, state.getDouble("start_time"));
    assertEquals(1, state.getInteger("activated_slaves"));
    assertEquals(1, state.getInteger("unreachable_slaves"));

    JsonObject slave = state.getJsonArray("slaves").getJsonObject(0);
    assertEquals(AGENT, slave.getString("id"));
    assertEquals(5051, slave.getInteger("port"));
    assertEquals(1_700_000_000.0, slave.getDouble("registered_time"));
    assertFalse(slave.containsKey("reregistered_time"));
    assertEquals(new JsonObject().put("cpus", 4.0).put("disk", 100.0).put("gpus", 0.0).put("mem", 4096.0).put("ports", "[31000-32000]"),
        slave.getJsonObject("resources"));
    assertEquals(new JsonObject().put("ads", new JsonObject().put("cpus", 0.0).put("disk", 100.0).put("gpus", 0.0).put("mem", 0.0)),
        slave.getJsonObject("reserved_resources"));
    assertEquals(0.0, slave.getJsonObject("unreserved_resources").getDouble("disk"));
    assertEquals("[31000-31001]", slave.getJsonObject("used_resources").getString("ports"));
    assertEquals(1.0, slave.getJsonObject("offered_resources").getDouble("cpus"));
    assertEquals(new JsonObject().put("rack", "a").put("slots", "[1-4]").put("zone", 2.0), slave.getJsonObject("attributes"));
    assertEquals(false, state.getJsonArray("slaves").getJsonObject(1).getBoolean("active"));

    JsonObject fw = state.getJsonArray("frameworks").getJsonObject(0);
    assertEquals(FW, fw.getString("id"));
    assertEquals("alice", fw.getString("user"));
    assertEquals("ads", fw.getString("role"));
    assertEquals(60.0, fw.getDouble("failover_timeout"));
    assertEquals(1_700_000_001.5, fw.getDouble("registered_time"));
    assertEquals(0.0, fw.getDouble("unregistered_time"));
    assertEquals(new JsonArray().add("PARTITION_AWARE"), fw.getJsonArray("capabilities"));
    assertEquals("http://web", fw.getString("webui_url"));
    assertEquals(1.1, fw.getJsonObject("resources").getDouble("cpus"), "used plus offered");
    JsonObject executor = fw.getJsonArray("executors").getJsonObject(0);
    assertEquals("group-1", executor.getString("executor_id"));
    assertEquals(AGENT, executor.getString("slave_id"));
    assertEquals(FW, executor.getString("framework_id"));
    assertEquals("DEFAULT", executor.getString("type"));
    assertEquals(32.0, executor.getJsonObject("resources").getDouble("mem"));
    JsonObject offer = fw.getJsonArray("offers").getJsonObject(0);
    assertEquals(AGENT, offer.getString("slave_id"));
    assertEquals(1.0, offer.getJsonObject("resources").getDouble("cpus"));

    JsonObject task = fw.getJsonArray("tasks").getJsonObject(0);
    assertEquals("t1", task.getString("id"));
    assertEquals("name-t1", task.getString("name"));
    assertEquals(FW, task.getString("framework_id"));
    assertEquals(AGENT, task.getString("slave_id"));
    assertEquals("TASK_RUNNING", task.getString("state"));
    assertEquals(0.1, task.getJsonObject("resources").getDouble("cpus"));
    JsonObject first = task.getJsonArray("statuses").getJsonObject(0);
    assertEquals(new JsonObject().put("state", "TASK_STARTING").put("timestamp", 1000.0).put("source", "SOURCE_EXECUTOR"), first);
    JsonObject last = task.getJsonArray("statuses").getJsonObject(1);
    assertEquals("REASON_COMMAND_EXECUTOR_FAILED", last.getString("reason"));
    assertEquals("exited", last.getString("message"));
    assertEquals("t0", fw.getJsonArray("completed_tasks").getJsonObject(0).getString("id"));
    assertTrue(fw.getJsonArray("unreachable_tasks").isEmpty());
    assertTrue(state.getJsonArray("completed_frameworks").isEmpty());
  }

  @Test
  void summaryCountsTasksPerStateAndLinksAgentsAndFrameworks() {
    JsonObject summary = StateJson.summary(state(), master(), 7);
    JsonObject slave = summary.getJsonArray("slaves").getJsonObject(0);
    assertEquals(1, slave.getInteger("TASK_RUNNING"));
    assertEquals(1, slave.getInteger("TASK_FAILED"));
    assertEquals(0, slave.getInteger("TASK_FINISHED"));
    assertEquals(new JsonArray().add(FW), slave.getJsonArray("framework_ids"));
    assertEquals(new JsonArray(), summary.getJsonArray("slaves").getJsonObject(1).getJsonArray("framework_ids"));
    JsonObject fw = summary.getJsonArray("frameworks").getJsonObject(0);
    assertEquals(new JsonArray().add(AGENT), fw.getJsonArray("slave_ids"));
    assertEquals(1, fw.getInteger("TASK_RUNNING"));
    assertFalse(fw.containsKey("tasks"));
  }

  @Test
  void rangesAreSortedAndJoined() {
    assertEquals("[1-5, 7-7, 9-12]", MesosJson.formatRanges(List.of(new long[] {9, 10}, new long[] {1, 3}, new long[] {4, 5},
        new long[] {7, 7}, new long[] {11, 12}, new long[] {2, 2})));
    assertEquals("[]", MesosJson.formatRanges(List.of()));
  }

  @Test
  void taskQueryFiltersAndRefusesBadParameters() {
    Response.GetTasks tasks = state().getGetTasks();
    assertEquals(2, TaskQuery.parse(MultiMap.caseInsensitiveMultiMap()).apply(tasks).getJsonArray("tasks").size());
    JsonArray failed = TaskQuery.parse(MultiMap.caseInsensitiveMultiMap().add("state", "failed")).apply(tasks).getJsonArray("tasks");
    assertEquals("t0", failed.getJsonObject(0).getString("id"));
    JsonArray newest = TaskQuery.parse(MultiMap.caseInsensitiveMultiMap().add("limit", "1")).apply(tasks).getJsonArray("tasks");
    assertEquals("t1", newest.getJsonObject(0).getString("id"), "newest first by default");
    JsonArray oldest = TaskQuery.parse(MultiMap.caseInsensitiveMultiMap().add("limit", "1").add("order", "asc")).apply(tasks)
        .getJsonArray("tasks");
    assertEquals("t0", oldest.getJsonObject(0).getString("id"));
    Refusal tooMany = assertThrows(Refusal.class,
        () -> TaskQuery.parse(MultiMap.caseInsensitiveMultiMap().add("limit", Integer.toString(TaskQuery.MAX_LIMIT + 1))));
    assertEquals(400, tooMany.status());
  }

  @Test
  void answerTypeFollowsAcceptThenTheRequest() {
    assertEquals(OperatorEndpoints.JSON, OperatorEndpoints.answerType(null, OperatorEndpoints.JSON));
    assertEquals(OperatorEndpoints.PROTOBUF, OperatorEndpoints.answerType("*/*", OperatorEndpoints.PROTOBUF));
    assertEquals(OperatorEndpoints.PROTOBUF, OperatorEndpoints.answerType("application/x-protobuf", OperatorEndpoints.JSON));
    assertEquals(OperatorEndpoints.JSON, OperatorEndpoints.answerType("application/json; charset=utf-8", OperatorEndpoints.PROTOBUF));
    assertEquals(OperatorEndpoints.JSON,
        OperatorEndpoints.answerType("application/x-protobuf;q=0, application/json", OperatorEndpoints.PROTOBUF));
    assertEquals(406, assertThrows(Refusal.class, () -> OperatorEndpoints.answerType("text/html", OperatorEndpoints.JSON)).status());
  }
}
