package io.mezzo.cli.state;

import io.mezzo.cli.client.Style;
import io.mezzo.cli.client.TextTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import picocli.CommandLine.Command;

/** {@code mezzo frameworks}: registered frameworks, then removed ones the master remembers. */
@Command(name = "frameworks", mixinStandardHelpOptions = true,
    description = "List frameworks: registered ones, then removed ones the master still remembers.")
public final class FrameworksCommand extends ListingCommand {
  @Override
  JsonArray json(ClusterState state) {
    return new JsonArray(new ArrayList<>(state.frameworks()));
  }

  @Override
  TextTable table(ClusterState state, Style style, double now) {
    TextTable table = new TextTable("ID", "NAME", "ROLE", "STATE", "TASKS", "CPUS", "MEM", "AGE");
    for (JsonObject framework : state.frameworks()) {
      JsonObject used = framework.getJsonObject("used_resources");
      JsonArray tasks = framework.getJsonArray("tasks");
      table.row(
          Cells.shortId(framework.getString("id", "")),
          framework.getString("name", ""),
          framework.getString("role", "*"),
          state(framework),
          Integer.toString(tasks == null ? 0 : tasks.size()),
          Cells.number(Cells.scalar(used, "cpus")),
          Cells.megabytes(Cells.scalar(used, "mem")),
          Cells.age(framework.getDouble("registered_time", 0.0), now));
    }
    return table;
  }

  /** {@code connected}, {@code disconnected} (within its failover timeout) or {@code removed}. */
  private static String state(JsonObject framework) {
    if (framework.getDouble("unregistered_time", 0.0) > 0) {
      return "removed";
    }
    return framework.getBoolean("connected", false) ? "connected" : "disconnected";
  }

  @Override
  String empty() {
    return "No frameworks.";
  }
}
