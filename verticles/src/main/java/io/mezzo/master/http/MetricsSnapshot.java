package io.mezzo.master.http;

import io.mezzo.v1.Resource;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code /metrics/snapshot}: Mesos's flat {@code {"master/name": number}} map,
 * computed from the leader's state. A pure function, so that the metrics registry to come can
 * publish the same figures.
 *
 * <p>Task counts are of the tasks the master knows: terminal ones count while the master
 * keeps them ({@code max_completed_tasks_per_framework}), unlike Mesos's counters, which
 * count every task since the master started.
 */
public final class MetricsSnapshot {
  static final List<String> SCALARS = List.of("cpus", "mem", "disk", "gpus");

  private MetricsSnapshot() {}

  /** The snapshot of a master that does not lead: Mesos's standbys report only this. */
  public static JsonObject standby() {
    return new JsonObject().put("master/elected", 0);
  }

  /**
   * The leader's snapshot.
   *
   * @param nowSeconds the current time, in seconds since the Unix epoch
   */
  public static JsonObject leader(Response.GetState state, Response.GetMaster master, long epoch, double nowSeconds) {
    JsonObject json = new JsonObject()
        .put("master/elected", 1)
        .put("master/epoch", epoch)
        .put("master/uptime_secs", Math.max(0, Math.round((nowSeconds - master.getStartTime()) * 1000) / 1000.0));
    agents(json, state.getGetAgents());
    frameworks(json, state.getGetFrameworks());
    tasks(json, state.getGetTasks());
    return json;
  }

  private static void agents(JsonObject json, Response.GetAgents agents) {
    int active = 0;
    Map<String, long[]> resources = new java.util.HashMap<>();
    SCALARS.forEach(name -> resources.put(name, new long[3]));
    for (Response.GetAgents.Agent agent : agents.getAgentsList()) {
      if (!agent.getActive()) {
        continue;
      }
      active++;
      // Only reachable agents' resources can be used or offered, as in Mesos.
      add(resources, 0, agent.getTotalResourcesList());
      add(resources, 1, agent.getAllocatedResourcesList());
      add(resources, 2, agent.getOfferedResourcesList());
    }
    int inactive = agents.getAgentsCount() - active;
    json.put("master/slaves_active", active)
        // Mezzo deactivates agents only when they become unreachable.
        .put("master/slaves_inactive", inactive)
        .put("master/slaves_connected", active)
        .put("master/slaves_disconnected", inactive)
        .put("master/slaves_unreachable", inactive);
    for (String name : SCALARS) {
      long[] amounts = resources.get(name);
      json.put("master/" + name + "_total", amounts[0] / 1000.0)
          .put("master/" + name + "_used", amounts[1] / 1000.0)
          .put("master/" + name + "_offered", amounts[2] / 1000.0)
          .put("master/" + name + "_percent", amounts[0] == 0 ? 0.0 : (double) amounts[1] / amounts[0]);
    }
  }

  private static void add(Map<String, long[]> totals, int column, List<Resource> resources) {
    for (Resource resource : resources) {
      long[] amounts = totals.get(resource.getName());
      if (amounts != null && resource.hasScalar()) {
        amounts[column] += Math.round(resource.getScalar().getValue() * 1000);
      }
    }
  }

  private static void frameworks(JsonObject json, Response.GetFrameworks frameworks) {
    int active = 0;
    int connected = 0;
    for (Response.GetFrameworks.Framework framework : frameworks.getFrameworksList()) {
      active += framework.getActive() ? 1 : 0;
      connected += framework.getConnected() ? 1 : 0;
    }
    int count = frameworks.getFrameworksCount();
    json.put("master/frameworks_active", active)
        .put("master/frameworks_inactive", count - active)
        .put("master/frameworks_connected", connected)
        .put("master/frameworks_disconnected", count - connected)
        .put("master/frameworks_completed", frameworks.getCompletedFrameworksCount());
  }

  private static void tasks(JsonObject json, Response.GetTasks tasks) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (List<Task> kind : List.of(tasks.getTasksList(), tasks.getUnreachableTasksList(), tasks.getCompletedTasksList())) {
      kind.forEach(task -> counts.merge(task.getState(), 1, Integer::sum));
    }
    for (TaskState state : TaskState.values()) {
      String name = state.name().substring("TASK_".length()).toLowerCase(Locale.ROOT);
      json.put("master/tasks_" + name, counts.getOrDefault(state, 0));
    }
  }
}
