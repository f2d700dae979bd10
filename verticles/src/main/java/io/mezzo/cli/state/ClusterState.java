package io.mezzo.cli.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The master's {@code /master/state}, read for the listing commands. */
final class ClusterState {
  /** States in which a task still holds its resources or may come back. */
  static final Set<String> ACTIVE_STATES =
      Set.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_KILLING", "TASK_UNREACHABLE");

  /** A task with the name of its framework. */
  record TaskRow(JsonObject task, String frameworkName) {
    boolean active() {
      return ACTIVE_STATES.contains(task.getString("state"));
    }
  }

  private final JsonObject state;

  ClusterState(JsonObject state) {
    this.state = state;
  }

  /** The agents, as the master lists them. */
  List<JsonObject> agents() {
    return objects(state.getJsonArray("slaves"));
  }

  /** Frameworks still registered, then those removed that the master remembers. */
  List<JsonObject> frameworks() {
    List<JsonObject> all = objects(state.getJsonArray("frameworks"));
    all.addAll(objects(state.getJsonArray("completed_frameworks")));
    return all;
  }

  /** Every task the master knows: active, unreachable and completed, of every framework. */
  List<TaskRow> tasks() {
    List<TaskRow> tasks = new ArrayList<>();
    for (JsonObject framework : frameworks()) {
      String name = framework.getString("name", "");
      for (String kind : List.of("tasks", "unreachable_tasks", "completed_tasks")) {
        objects(framework.getJsonArray(kind)).forEach(task -> tasks.add(new TaskRow(task, name)));
      }
    }
    return tasks;
  }

  /** Agent hostnames by agent ID. */
  Map<String, String> agentHosts() {
    Map<String, String> hosts = new HashMap<>();
    agents().forEach(agent -> hosts.put(agent.getString("id"), agent.getString("hostname")));
    return hosts;
  }

  /** Active tasks by agent ID. */
  Map<String, Integer> activeTasksByAgent() {
    Map<String, Integer> counts = new HashMap<>();
    for (TaskRow row : tasks()) {
      if (row.active()) {
        counts.merge(row.task().getString("slave_id", ""), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** When a task was first seen: the time of its first status, or 0. */
  static double startTime(JsonObject task) {
    JsonArray statuses = task.getJsonArray("statuses");
    if (statuses == null || statuses.isEmpty() || !(statuses.getValue(0) instanceof JsonObject first)) {
      return 0;
    }
    return first.getDouble("timestamp", 0.0);
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    if (array != null) {
      for (Object element : array) {
        if (element instanceof JsonObject object) {
          objects.add(object);
        }
      }
    }
    return objects;
  }
}
