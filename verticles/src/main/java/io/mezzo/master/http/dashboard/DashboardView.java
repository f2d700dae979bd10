package io.mezzo.master.http.dashboard;

import io.mezzo.master.http.MesosJson;
import io.mezzo.master.http.RolesJson;
import io.mezzo.master.http.StateJson;
import io.mezzo.state.MasterRoster;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of the cluster at one moment, built from the leader's answers
 * with the same pieces as {@code /master/state-summary}, {@code /roles} and
 * {@code /metrics/snapshot}, so the dashboard and the APIs never disagree. Pure.
 *
 * <p>A view has scalars (the master, its metrics, the roles, the masters) and keyed
 * collections (agents, frameworks, completed frameworks, tasks), which {@link ViewDiff}
 * sends as changes.
 */
final class DashboardView {
  static final List<String> SCALARS = List.of("master", "metrics", "roles", "masters");
  static final List<String> COLLECTIONS = List.of("agents", "frameworks", "completed_frameworks", "tasks");
  static final List<String> SAMPLED = List.of("cpus", "mem", "disk", "gpus");

  /**
   * What the leader answered, its {@code /metrics/snapshot} (read from the same meters as
   * {@code /metrics}), and what this node knows of its cluster.
   */
  record Inputs(Response.GetState state, Response.GetMaster master, Response.GetRoles roles, JsonObject metrics,
      long epoch, String clusterName, List<MasterRoster.Entry> masters, double nowSeconds) {}

  /** A view: scalars by name, collections by name then key (in display order), and a sample of the allocation. */
  record View(JsonObject scalars, Map<String, Map<String, JsonObject>> collections, JsonObject sample) {}

  private DashboardView() {}

  static View of(Inputs in) {
    JsonObject metrics = in.metrics();
    JsonObject scalars = new JsonObject()
        .put("master", StateJson.master(in.master(), in.epoch()).put("cluster", in.clusterName()))
        .put("metrics", steady(metrics))
        .put("roles", RolesJson.roles(in.roles()).getJsonArray("roles"))
        .put("masters", masters(in.masters(), in.master().getMasterInfo()));

    JsonObject summary = StateJson.summary(in.state(), in.master(), in.epoch());
    Map<String, Map<String, JsonObject>> collections = new LinkedHashMap<>();
    collections.put("agents", byId(summary.getJsonArray("slaves")));
    Map<String, JsonObject> frameworks = new LinkedHashMap<>();
    Map<String, JsonObject> counted = byId(summary.getJsonArray("frameworks"));
    for (Response.GetFrameworks.Framework framework : in.state().getGetFrameworks().getFrameworksList()) {
      String id = framework.getFrameworkInfo().getId().getValue();
      // The listing's fields, with the summary's task counts and agents.
      frameworks.put(id, MesosJson.frameworkDescription(framework).mergeIn(counted.getOrDefault(id, new JsonObject())));
    }
    collections.put("frameworks", frameworks);
    Map<String, JsonObject> completed = new LinkedHashMap<>();
    for (Response.GetFrameworks.Framework framework : in.state().getGetFrameworks().getCompletedFrameworksList()) {
      completed.put(framework.getFrameworkInfo().getId().getValue(), MesosJson.frameworkDescription(framework));
    }
    collections.put("completed_frameworks", completed);
    collections.put("tasks", tasks(in.state().getGetTasks()));
    return new View(scalars, collections, sample(metrics, in.nowSeconds()));
  }

  /**
   * {@code {"t": seconds, "used": {"cpus": ...}, "offered": {...}, "total": {...}}} from a
   * metrics snapshot; also what keeps the allocation history going while no browser watches.
   */
  static JsonObject sample(JsonObject metrics, double nowSeconds) {
    JsonObject used = new JsonObject();
    JsonObject offered = new JsonObject();
    JsonObject total = new JsonObject();
    for (String name : SAMPLED) {
      used.put(name, metrics.getDouble("master/" + name + "_used", 0.0));
      offered.put(name, metrics.getDouble("master/" + name + "_offered", 0.0));
      total.put(name, metrics.getDouble("master/" + name + "_total", 0.0));
    }
    return new JsonObject().put("t", nowSeconds).put("used", used).put("offered", offered).put("total", total);
  }

  /** The metrics without the uptime, which would make every view differ from the last. */
  private static JsonObject steady(JsonObject metrics) {
    JsonObject copy = metrics.copy();
    copy.remove("master/uptime_secs");
    return copy;
  }

  /**
   * The masters that are up; the one answering leads (only the leader serves the dashboard),
   * and it is shown under the name it advertises.
   */
  static JsonArray masters(List<MasterRoster.Entry> roster, MasterInfo leader) {
    JsonArray json = new JsonArray();
    boolean leaderListed = false;
    for (MasterRoster.Entry entry : roster) {
      MasterInfo info = entry.self() ? leader : entry.info();
      leaderListed |= entry.self();
      json.add(master(info, entry.self()));
    }
    if (!leaderListed) {
      json.add(master(leader, true));
    }
    return json;
  }

  private static JsonObject master(MasterInfo info, boolean leader) {
    return new JsonObject()
        .put("hostname", info.getHostname())
        .put("port", info.getPort())
        .put("version", info.getVersion())
        .put("leader", leader);
  }

  /**
   * The tasks as rows of a table: a task without its status history, plus when it started
   * and last changed and why. Keyed by framework and task ID; a task ID reused after its task
   * ended keeps the plain key for the newest task and numbered keys for older ones.
   */
  static Map<String, JsonObject> tasks(Response.GetTasks tasks) {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    tasks.getTasksList().forEach(task -> addRow(rows, task));
    tasks.getUnreachableTasksList().forEach(task -> addRow(rows, task));
    List<Task> completed = tasks.getCompletedTasksList();
    // Completed tasks are kept oldest first: the newest of a reused ID comes first here.
    for (int i = completed.size() - 1; i >= 0; i--) {
      addRow(rows, completed.get(i));
    }
    return rows;
  }

  private static void addRow(Map<String, JsonObject> rows, Task task) {
    String base = task.getFrameworkId().getValue() + "/" + task.getTaskId().getValue();
    String key = base;
    for (int n = 2; rows.containsKey(key); n++) {
      key = base + "#" + n;
    }
    rows.put(key, row(key, task));
  }

  static JsonObject row(String key, Task task) {
    JsonObject row = MesosJson.task(task);
    row.remove("statuses");
    row.remove("labels");
    row.put("key", key);
    if (task.getStatusesCount() > 0) {
      TaskStatus first = task.getStatuses(0);
      TaskStatus last = task.getStatuses(task.getStatusesCount() - 1);
      row.put("started", first.getTimestamp()).put("updated", last.getTimestamp());
      if (last.hasReason()) {
        row.put("reason", last.getReason().name());
      }
      if (last.hasMessage()) {
        row.put("message", last.getMessage());
      }
      // The latest health and check result, for the task's page: transitions do not repeat them.
      for (int i = task.getStatusesCount() - 1; i >= 0; i--) {
        if (task.getStatuses(i).hasHealthy()) {
          row.put("healthy", task.getStatuses(i).getHealthy());
          break;
        }
      }
      if (last.hasCheckStatus()) {
        row.put("check_status", MesosJson.checkStatus(latestCheck(task)));
      }
    }
    return row;
  }

  /** The newest check result with a value, else the (empty) one of the newest status. */
  private static io.mezzo.v1.CheckStatusInfo latestCheck(Task task) {
    for (int i = task.getStatusesCount() - 1; i >= 0; i--) {
      TaskStatus status = task.getStatuses(i);
      if (status.getReason() == TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED) {
        return status.getCheckStatus();
      }
    }
    return task.getStatuses(task.getStatusesCount() - 1).getCheckStatus();
  }

  private static Map<String, JsonObject> byId(JsonArray items) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      byId.put(item.getString("id"), item);
    }
    return byId;
  }
}
