package io.mezzo.cli.state;

import io.mezzo.cli.client.Style;
import io.mezzo.cli.client.TextTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mezzo agents}: the agents, their resources and what is in use. */
@Command(name = "agents", mixinStandardHelpOptions = true,
    description = "List agents with their resources: used/total cpus, mem and disk.")
public final class AgentsCommand extends ListingCommand {
  @Override
  JsonArray json(ClusterState state) {
    return new JsonArray(new ArrayList<>(state.agents()));
  }

  @Override
  TextTable table(ClusterState state, Style style, double now) {
    Map<String, Integer> tasks = state.activeTasksByAgent();
    TextTable table = new TextTable("ID", "HOSTNAME", "STATE", "CPUS", "MEM", "DISK", "TASKS", "AGE");
    for (JsonObject agent : state.agents()) {
      JsonObject total = agent.getJsonObject("resources");
      JsonObject used = agent.getJsonObject("used_resources");
      boolean active = agent.getBoolean("active", false);
      String id = agent.getString("id", "");
      table.row(
          Cells.shortId(id),
          agent.getString("hostname", ""),
          active ? "active" : "unreachable",
          Cells.usedOfTotal(Cells.scalar(used, "cpus"), Cells.scalar(total, "cpus"), false),
          Cells.usedOfTotal(Cells.scalar(used, "mem"), Cells.scalar(total, "mem"), true),
          Cells.usedOfTotal(Cells.scalar(used, "disk"), Cells.scalar(total, "disk"), true),
          Integer.toString(tasks.getOrDefault(id, 0)),
          Cells.age(agent.getDouble("registered_time", 0.0), now));
    }
    return table;
  }

  @Override
  String empty() {
    return "No agents.";
  }
}
