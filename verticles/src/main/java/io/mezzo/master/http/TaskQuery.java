package io.mezzo.master.http;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A {@code /master/tasks} query, as Mesos takes it: {@code framework_id}, {@code task_id},
 * {@code limit} (default 100), {@code offset}, {@code order} ({@code asc} or {@code desc}, by
 * the time of each task's first status); and Mezzo's {@code state} ({@code TASK_RUNNING} or
 * {@code running}).
 */
public record TaskQuery(String frameworkId, String taskId, TaskState state, int limit, int offset, boolean ascending) {
  public static final int DEFAULT_LIMIT = 100;
  /** The most tasks one answer holds; page with {@code offset} for more. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Parses the query parameters.
   *
   * @throws Refusal (400) naming the parameter that is wrong
   */
  public static TaskQuery parse(MultiMap params) {
    String order = params.get("order");
    if (order != null && !List.of("asc", "desc", "des").contains(order)) {
      throw Refusal.badRequest("order must be asc or desc, not '" + order + "'");
    }
    return new TaskQuery(
        emptyToNull(params.get("framework_id")),
        emptyToNull(params.get("task_id")),
        state(emptyToNull(params.get("state"))),
        integer(params, "limit", DEFAULT_LIMIT, MAX_LIMIT),
        integer(params, "offset", 0, Integer.MAX_VALUE),
        "asc".equals(order));
  }

  /** {@code {"tasks": [...]}}: the matching active, unreachable and completed tasks, sorted and paged. */
  public JsonObject apply(Response.GetTasks tasks) {
    List<Task> matching = new ArrayList<>();
    for (List<Task> kind : List.of(tasks.getTasksList(), tasks.getUnreachableTasksList(), tasks.getCompletedTasksList())) {
      for (Task task : kind) {
        if (matches(task)) {
          matching.add(task);
        }
      }
    }
    // As Mesos: by the first status's time; tasks with no status yet count as the newest.
    Comparator<Task> byFirstStatus = Comparator.comparingDouble(
        task -> task.getStatusesCount() == 0 ? Double.MAX_VALUE : task.getStatuses(0).getTimestamp());
    Comparator<Task> order = byFirstStatus.thenComparing(task -> task.getTaskId().getValue());
    matching.sort(ascending ? order : order.reversed());
    JsonArray page = new JsonArray();
    for (int i = offset; i < matching.size() && i - offset < limit; i++) {
      page.add(MesosJson.task(matching.get(i)));
    }
    return new JsonObject().put("tasks", page);
  }

  private boolean matches(Task task) {
    return (frameworkId == null || frameworkId.equals(task.getFrameworkId().getValue()))
        && (taskId == null || taskId.equals(task.getTaskId().getValue()))
        && (state == null || state == task.getState());
  }

  private static TaskState state(String text) {
    if (text == null) {
      return null;
    }
    String name = text.toUpperCase(Locale.ROOT);
    for (TaskState state : TaskState.values()) {
      if (state.name().equals(name) || state.name().equals("TASK_" + name)) {
        return state;
      }
    }
    throw Refusal.badRequest("state must be a task state such as TASK_RUNNING, not '" + text + "'; one of "
        + Arrays.stream(TaskState.values()).map(Enum::name).toList());
  }

  private static int integer(MultiMap params, String name, int defaultValue, int max) {
    String text = params.get(name);
    if (text == null || text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the range.
    }
    throw Refusal.badRequest(name + " must be an integer from 0 to " + max + ", not '" + text + "'");
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
