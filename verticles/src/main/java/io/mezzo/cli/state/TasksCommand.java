package io.mezzo.cli.state;

import io.mezzo.cli.client.Style;
import io.mezzo.cli.client.TextTable;
import io.mezzo.cli.state.ClusterState.TaskRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;

/** {@code mezzo tasks}: every task the master knows, active ones first. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
    description = "List tasks: active ones first, then those that ended (newest first in each).")
public final class TasksCommand extends ListingCommand {
  @Override
  JsonArray json(ClusterState state) {
    JsonArray tasks = new JsonArray();
    sorted(state).forEach(row -> tasks.add(row.task()));
    return tasks;
  }

  @Override
  TextTable table(ClusterState state, Style style, double now) {
    Map<String, String> hosts = state.agentHosts();
    TextTable table = new TextTable("ID", "NAME", "STATE", "HEALTH", "FRAMEWORK", "AGENT", "CPUS", "MEM", "AGE");
    for (TaskRow row : sorted(state)) {
      JsonObject task = row.task();
      String taskState = task.getString("state", "");
      String agentId = task.getString("slave_id", "");
      JsonObject resources = task.getJsonObject("resources");
      UnaryOperator<String> stateStyle = text -> style.state(taskState, text);
      table.row(Arrays.asList(null, null, stateStyle),
          task.getString("id", ""),
          task.getString("name", ""),
          taskState,
          health(task),
          row.frameworkName(),
          hosts.getOrDefault(agentId, Cells.shortId(agentId)),
          Cells.number(Cells.scalar(resources, "cpus")),
          Cells.megabytes(Cells.scalar(resources, "mem")),
          Cells.age(ClusterState.startTime(task), now));
    }
    return table;
  }

  @Override
  String empty() {
    return "No tasks.";
  }

  /**
   * The task's health as its newest status that has one says (transitions do not repeat it):
   * healthy, unhealthy, or "-" for a task without a health check or none reported yet.
   */
  static String health(JsonObject task) {
    List<JsonObject> statuses = ClusterState.objects(task.getJsonArray("statuses"));
    for (int i = statuses.size() - 1; i >= 0; i--) {
      Object healthy = statuses.get(i).getValue("healthy");
      if (healthy instanceof Boolean value) {
        return value ? "healthy" : "unhealthy";
      }
    }
    return Cells.NONE;
  }

  private static List<TaskRow> sorted(ClusterState state) {
    Comparator<TaskRow> activeFirst = Comparator.comparing(row -> !row.active());
    Comparator<TaskRow> newestFirst = Comparator.comparingDouble((TaskRow row) -> ClusterState.startTime(row.task())).reversed();
    return state.tasks().stream().sorted(activeFirst.thenComparing(newestFirst)).toList();
  }
}
