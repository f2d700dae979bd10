package io.mezzo.cli;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Collects the flags a person gave, by section and config key; absent flags stay out. */
final class Flags {
  private final JsonObject sections = new JsonObject();

  Flags put(String section, String key, Object value) {
    if (value != null) {
      JsonObject object = sections.getJsonObject(section);
      if (object == null) {
        object = new JsonObject();
        sections.put(section, object);
      }
      object.put(key, value instanceof Path path ? path.toString() : value);
    }
    return this;
  }

  JsonObject toJson() {
    return sections;
  }
}
