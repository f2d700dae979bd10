package io.mezzo.master.http.dashboard;

import static io.mezzo.master.http.StateFixtures.AGENT;
import static io.mezzo.master.http.StateFixtures.FW;
import static io.mezzo.master.http.StateFixtures.master;
import static io.mezzo.master.http.StateFixtures.state;
import static io.mezzo.master.http.StateFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.state.MasterRoster;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Role;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's view: the same figures as the state, roles and metrics endpoints, shaped for pages. */
class DashboardViewTest {
  static final double NOW = 1_700_000_100;

  static DashboardView.View view(Response.GetState state, List<MasterRoster.Entry> masters) {
    return DashboardView.of(new DashboardView.Inputs(state, master(), ROLES,
        METRICS, 7, "prod", masters, NOW));
  }

  /** The leader's GET_ROLES: the framework's role. */
  static final Response.GetRoles ROLES = Response.GetRoles.newBuilder()
      .addRoles(Role.newBuilder().setName("ads").setWeight(1)
          .addFrameworks(FrameworkID.newBuilder().setValue(FW)))
      .build();

  /** A leader's /metrics/snapshot, as the feed reads it from the node's meters. */
  static final JsonObject METRICS = new JsonObject()
      .put("master/uptime_secs", 12.5)
      .put("master/elected", 1)
      .put("master/slaves_active", 1)
      .put("master/slaves_unreachable", 1)
      .put("master/cpus_total", 4.0)
      .put("master/cpus_used", 0.1)
      .put("master/cpus_offered", 1.0)
      .put("master/mem_total", 4096.0)
      .put("master/tasks_running", 1)
      .put("master/tasks_failed", 1);

  static MasterRoster.Entry standby() {
    return new MasterRoster.Entry(MasterInfo.newBuilder().setHostname("node9").setPort(5050).setVersion("0.1.0").build(), false);
  }

  static MasterRoster.Entry self() {
    return new MasterRoster.Entry(MasterInfo.newBuilder().setHostname("10.0.0.1").setPort(5050).build(), true);
  }

  @Test
  void theMasterSaysWhoLeadsSinceWhenInWhichCluster() {
    JsonObject master = view(state(), List.of()).scalars().getJsonObject("master");
    assertEquals("prod", master.getString("cluster"));
    assertEquals("node0", master.getString("hostname"));
    assertEquals("mezzo.master@node0", master.getString("leader"));
    assertEquals(7, master.getLong("epoch"));
    assertEquals(1_699_999_000.0, master.getDouble("start_time"));
    assertEquals(1_699_999_000.0, master.getDouble("elected_time"));
  }

  @Test
  void metricsAreThoseOfTheSnapshotWithoutTheTickingUptime() {
    JsonObject metrics = view(state(), List.of()).scalars().getJsonObject("metrics");
    assertFalse(metrics.containsKey("master/uptime_secs"));
    JsonObject expected = METRICS.copy();
    expected.remove("master/uptime_secs");
    assertEquals(expected, metrics);
    assertTrue(METRICS.containsKey("master/uptime_secs"), "the snapshot given is left alone");
  }

  @Test
  void theLeaderIsTheMasterThatAnswersUnderItsAdvertisedName() {
    JsonArray masters = view(state(), List.of(self(), standby())).scalars().getJsonArray("masters");
    assertEquals(new JsonObject().put("hostname", "node0").put("port", 5050).put("version", "0.1.0").put("leader", true),
        masters.getJsonObject(0));
    assertEquals(new JsonObject().put("hostname", "node9").put("port", 5050).put("version", "0.1.0").put("leader", false),
        masters.getJsonObject(1));
    JsonArray alone = view(state(), List.of()).scalars().getJsonArray("masters");
    assertEquals(1, alone.size(), "a roster that is not there yet still shows the leader");
    assertTrue(alone.getJsonObject(0).getBoolean("leader"));
  }

  @Test
  void agentsAndFrameworksCarryTheirTaskCounts() {
    DashboardView.View view = view(state(), List.of());
    Map<String, JsonObject> agents = view.collections().get("agents");
    assertEquals(List.of(AGENT, "a2-S0"), List.copyOf(agents.keySet()));
    assertEquals(1, agents.get(AGENT).getInteger("TASK_RUNNING"));
    assertEquals(new JsonObject().put("rack", "a").put("slots", "[1-4]").put("zone", 2.0), agents.get(AGENT).getJsonObject("attributes"));

    JsonObject framework = view.collections().get("frameworks").get(FW);
    assertEquals("alice", framework.getString("user"));
    assertEquals("ads", framework.getString("role"));
    assertEquals(1, framework.getInteger("TASK_RUNNING"));
    assertEquals(new JsonArray().add(AGENT), framework.getJsonArray("slave_ids"));
    assertFalse(framework.containsKey("tasks"), "tasks are rows of their own");
    assertTrue(view.collections().get("completed_frameworks").isEmpty());
    assertEquals(1, view.scalars().getJsonArray("roles").size());
  }

  @Test
  void tasksAreRowsWithoutTheirHistory() {
    Map<String, JsonObject> tasks = view(state(), List.of()).collections().get("tasks");
    assertEquals(List.of(FW + "/t1", FW + "/t0"), List.copyOf(tasks.keySet()));
    JsonObject failed = tasks.get(FW + "/t0");
    assertEquals("TASK_FAILED", failed.getString("state"));
    assertEquals(900.0, failed.getDouble("started"));
    assertEquals(901.0, failed.getDouble("updated"));
    assertEquals("REASON_COMMAND_EXECUTOR_FAILED", failed.getString("reason"));
    assertEquals("exited", failed.getString("message"));
    assertEquals(AGENT, failed.getString("slave_id"));
    assertFalse(failed.containsKey("statuses"));
  }

  @Test
  void aReusedTaskIdKeepsEveryTaskApartNewestFirst() {
    Response.GetState state = state().toBuilder().setGetTasks(Response.GetTasks.newBuilder()
        .addTasks(task("t1", TaskState.TASK_RUNNING, 3000))
        .addCompletedTasks(task("t1", TaskState.TASK_FAILED, 1000))
        .addCompletedTasks(task("t1", TaskState.TASK_FINISHED, 2000))).build();
    Map<String, JsonObject> tasks = view(state, List.of()).collections().get("tasks");
    assertEquals(List.of(FW + "/t1", FW + "/t1#2", FW + "/t1#3"), List.copyOf(tasks.keySet()));
    assertEquals("TASK_RUNNING", tasks.get(FW + "/t1").getString("state"));
    assertEquals("TASK_FINISHED", tasks.get(FW + "/t1#2").getString("state"));
    assertEquals(FW + "/t1#3", tasks.get(FW + "/t1#3").getString("key"));
  }

  @Test
  void theSampleIsTheAllocationOfTheMetricsSnapshot() {
    DashboardView.View view = view(state(), List.of());
    JsonObject sample = view.sample();
    assertEquals(NOW, sample.getDouble("t"));
    assertEquals(0.1, sample.getJsonObject("used").getDouble("cpus"));
    assertEquals(1.0, sample.getJsonObject("offered").getDouble("cpus"));
    assertEquals(4.0, sample.getJsonObject("total").getDouble("cpus"));
    assertEquals(0.0, sample.getJsonObject("used").getDouble("gpus"), "absent figures are zero");
    assertEquals(sample, DashboardView.sample(METRICS, NOW));
  }
}
