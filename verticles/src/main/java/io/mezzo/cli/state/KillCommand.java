package io.mezzo.cli.state;

import io.mezzo.cli.client.CliException;
import io.mezzo.cli.client.ClientCommand;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.Style;
import io.mezzo.config.Durations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mezzo kill TASK}: asks the master to kill a task (the operator API's KILL_TASK), as
 * its framework could. Its framework learns the outcome through its usual updates.
 */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Kill a task: SIGTERM, then SIGKILL after its grace period. Exits 0 once the master has sent the kill.")
public final class KillCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "TASK", description = "The task's ID.")
  String taskId;

  @Option(names = "--framework", paramLabel = "FRAMEWORK_ID",
      description = "The task's framework, needed only when several frameworks have a task with this ID.")
  String frameworkId;

  @Option(names = "--grace-period", paramLabel = "DURATION",
      description = "Time between SIGTERM and SIGKILL (e.g. 10s), instead of the task's own kill policy.")
  String gracePeriod;

  @Override
  protected int run(MasterClient client, Style style) {
    JsonObject kill = new JsonObject().put("task_id", new JsonObject().put("value", taskId));
    if (frameworkId != null) {
      kill.put("framework_id", new JsonObject().put("value", frameworkId));
    }
    if (gracePeriod != null) {
      Duration grace;
      try {
        grace = Durations.parse(gracePeriod);
      } catch (IllegalArgumentException e) {
        throw new CliException("--grace-period: " + e.getMessage(), 2);
      }
      kill.put("kill_policy", new JsonObject().put("grace_period", new JsonObject().put("nanoseconds", grace.toNanos())));
    }
    Buffer answer = client.postJson("/api/v1", new JsonObject().put("type", "KILL_TASK").put("kill_task", kill));
    JsonObject killed;
    try {
      killed = new JsonObject(answer).getJsonObject("kill_task", new JsonObject());
    } catch (DecodeException | ClassCastException e) {
      throw new CliException("the master at " + client.master() + " sent an invalid answer to KILL_TASK");
    }
    System.out.println("killing task " + taskId
        + " of framework " + value(killed, "framework_id")
        + " on agent " + value(killed, "agent_id")
        + " (it was " + killed.getString("state", "TASK_STAGING") + ")");
    return 0;
  }

  private static String value(JsonObject json, String field) {
    JsonObject id = json.getJsonObject(field);
    return id == null ? "?" : id.getString("value", "?");
  }
}
