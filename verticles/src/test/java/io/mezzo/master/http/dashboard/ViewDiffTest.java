package io.mezzo.master.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Browsers that follow get only what changed; those that join get everything. */
class ViewDiffTest {
  static DashboardView.View view(JsonObject master, JsonObject... tasks) {
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    for (JsonObject task : tasks) {
      rows.put(task.getString("key"), task);
    }
    Map<String, Map<String, JsonObject>> collections = new LinkedHashMap<>();
    collections.put("tasks", rows);
    return new DashboardView.View(new JsonObject().put("master", master), collections, new JsonObject());
  }

  static JsonObject task(String key, String state) {
    return new JsonObject().put("key", key).put("state", state);
  }

  @Test
  void theFirstViewIsAllChange() {
    ViewDiff diff = new ViewDiff();
    JsonObject changes = diff.advance(view(new JsonObject().put("epoch", 1), task("f/a", "TASK_RUNNING")));
    assertEquals(new JsonObject().put("epoch", 1), changes.getJsonObject("master"));
    assertEquals(new JsonArray().add(task("f/a", "TASK_RUNNING")), changes.getJsonObject("tasks").getJsonArray("upsert"));
  }

  @Test
  void anUnchangedViewSendsNothing() {
    ViewDiff diff = new ViewDiff();
    diff.advance(view(new JsonObject().put("epoch", 1), task("f/a", "TASK_RUNNING")));
    assertNull(diff.advance(view(new JsonObject().put("epoch", 1), task("f/a", "TASK_RUNNING"))));
  }

  @Test
  void onlyChangedRowsAndRemovedKeysAreSent() {
    ViewDiff diff = new ViewDiff();
    JsonObject master = new JsonObject().put("epoch", 1);
    diff.advance(view(master, task("f/a", "TASK_RUNNING"), task("f/b", "TASK_RUNNING"), task("f/c", "TASK_STAGING")));
    JsonObject changes = diff.advance(view(master, task("f/a", "TASK_RUNNING"), task("f/c", "TASK_FINISHED"), task("f/d", "TASK_STAGING")));
    assertEquals(new JsonObject()
        .put("upsert", new JsonArray().add(task("f/c", "TASK_FINISHED")).add(task("f/d", "TASK_STAGING")))
        .put("remove", new JsonArray().add("f/b")), changes.getJsonObject("tasks"));
    assertNull(changes.getValue("master"), "the master did not change");
  }

  @Test
  void theFullViewIsTheLatest() {
    ViewDiff diff = new ViewDiff();
    assertEquals(new JsonObject(), diff.full());
    diff.advance(view(new JsonObject().put("epoch", 1), task("f/a", "TASK_RUNNING")));
    diff.advance(view(new JsonObject().put("epoch", 2), task("f/b", "TASK_RUNNING")));
    assertEquals(new JsonObject().put("master", new JsonObject().put("epoch", 2))
        .put("tasks", new JsonArray().add(task("f/b", "TASK_RUNNING"))), diff.full());
  }
}
