package io.mezzo.master.http.dashboard;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a series of views into what a browser needs to follow them: the whole latest view
 * for a browser that just connected, and, for the others, only what changed since the
 * previous view (changed scalars; per collection the rows added or changed and the keys
 * removed). A change of one task on a large cluster so costs one row, not the state.
 * Pure; not thread-safe.
 */
final class ViewDiff {
  private final Map<String, String> scalars = new HashMap<>();
  private final Map<String, Map<String, String>> collections = new HashMap<>();
  private DashboardView.View latest;

  /**
   * Moves to {@code view} and returns what changed since the previous one, or null when
   * nothing did. The first view is all change.
   */
  JsonObject advance(DashboardView.View view) {
    JsonObject changes = new JsonObject();
    view.scalars().forEach(entry -> {
      String encoded = Json.encode(entry.getValue());
      if (!encoded.equals(scalars.put(entry.getKey(), encoded))) {
        changes.put(entry.getKey(), entry.getValue());
      }
    });
    view.collections().forEach((name, rows) -> {
      Map<String, String> before = collections.getOrDefault(name, Map.of());
      Map<String, String> after = new LinkedHashMap<>();
      JsonArray upsert = new JsonArray();
      rows.forEach((key, row) -> {
        String encoded = row.encode();
        after.put(key, encoded);
        if (!encoded.equals(before.get(key))) {
          upsert.add(row);
        }
      });
      JsonArray remove = new JsonArray();
      before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(remove::add);
      collections.put(name, after);
      if (!upsert.isEmpty() || !remove.isEmpty()) {
        changes.put(name, new JsonObject().put("upsert", upsert).put("remove", remove));
      }
    });
    latest = view;
    return changes.isEmpty() ? null : changes;
  }

  /** The whole latest view: every scalar, and every collection as an array of rows. */
  JsonObject full() {
    JsonObject full = new JsonObject();
    if (latest == null) {
      return full;
    }
    latest.scalars().forEach(entry -> full.put(entry.getKey(), entry.getValue()));
    latest.collections().forEach((name, rows) -> full.put(name, new JsonArray(new ArrayList<>(rows.values()))));
    return full;
  }
}
