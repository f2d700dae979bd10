package io.mezzo.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The HEALTH column of {@code mezzo tasks}: the newest status that says. */
class TasksHealthTest {
  private static JsonObject task(JsonObject... statuses) {
    JsonArray array = new JsonArray();
    for (JsonObject status : statuses) {
      array.add(status);
    }
    return new JsonObject().put("statuses", array);
  }

  private static JsonObject status(String state, Boolean healthy) {
    JsonObject status = new JsonObject().put("state", state);
    return healthy == null ? status : status.put("healthy", healthy);
  }

  @Test
  void healthIsTheNewestStatusThatHasOne() {
    assertEquals("-", TasksCommand.health(task()));
    assertEquals("-", TasksCommand.health(task(status("TASK_RUNNING", null))));
    assertEquals("healthy", TasksCommand.health(task(status("TASK_RUNNING", null), status("TASK_RUNNING", true))));
    // A transition after the health update does not repeat it.
    assertEquals("healthy", TasksCommand.health(task(status("TASK_RUNNING", true), status("TASK_KILLING", null))));
    assertEquals("unhealthy", TasksCommand.health(task(status("TASK_RUNNING", true), status("TASK_RUNNING", false),
        status("TASK_KILLED", false))));
  }
}
