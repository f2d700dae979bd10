package io.mezzo.cli;

import io.mezzo.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a node's configuration from its layers: the built-in defaults (applied later by
 * each typed config) &lt; a JSON file &lt; {@code MEZZO_<SECTION>_<KEY>} environment variables
 * &lt; command-line flags. The result has one object per section ({@code cluster},
 * {@code master}, {@code agent}).
 */
final class ConfigLayers {
  static final List<String> ALL_SECTIONS = List.of("cluster", "master", "agent");

  /**
   * Variables Mezzo sets in every task's environment, and the CLI's master address: they
   * look like config variables but are not.
   */
  static final Set<String> NOT_CONFIG =
      Set.of("MEZZO_SANDBOX", "MEZZO_TASK_ID", "MEZZO_AGENT_ID", "MEZZO_FRAMEWORK_ID", "MEZZO_MASTER");

  /** Largest config file read, to refuse a wrong path pointing at something huge. */
  static final long MAX_FILE_BYTES = 1024 * 1024;

  private ConfigLayers() {}

  /**
   * The merged configuration of {@code sections}.
   *
   * @param file a JSON config file, or null
   * @param flags the values given as flags, by section
   * @throws ConfigException when the file cannot be read or holds an unknown section
   */
  static JsonObject load(Path file, Map<String, String> environment, JsonObject flags, List<String> sections) {
    JsonObject merged = new JsonObject();
    sections.forEach(section -> merged.put(section, new JsonObject()));
    if (file != null) {
      JsonObject fromFile = read(file);
      for (String section : fromFile.fieldNames()) {
        if (!ALL_SECTIONS.contains(section)) {
          throw new ConfigException("config file " + file + ": unknown section '" + section
              + "' (sections are " + String.join(", ", ALL_SECTIONS) + ")");
        }
        if (!(fromFile.getValue(section) instanceof JsonObject)) {
          throw new ConfigException("config file " + file + ": section '" + section + "' must be an object");
        }
        if (sections.contains(section)) {
          merged.getJsonObject(section).mergeIn(fromFile.getJsonObject(section));
        }
      }
    }
    environment.forEach(
        (name, value) -> {
          if (!name.startsWith("MEZZO_") || NOT_CONFIG.contains(name)) {
            return;
          }
          String rest = name.substring("MEZZO_".length()).toLowerCase(Locale.ROOT);
          for (String section : sections) {
            if (rest.startsWith(section + "_")) {
              merged.getJsonObject(section).put(rest.substring(section.length() + 1), value);
            }
          }
        });
    for (String section : sections) {
      JsonObject given = flags.getJsonObject(section);
      if (given != null) {
        merged.getJsonObject(section).mergeIn(given);
      }
    }
    return merged;
  }

  /**
   * The configuration of one section kept in a file of its own whose keys are that
   * section's (as {@code framework.json}): the file &lt; {@code MEZZO_<SECTION>_<KEY>}
   * environment variables &lt; flags. Objects (such as {@code env}) merge key by key.
   *
   * @param file the section's JSON file, or null
   * @throws ConfigException when the file cannot be read
   */
  static JsonObject loadSection(Path file, Map<String, String> environment, String section, JsonObject flags) {
    JsonObject merged = file == null ? new JsonObject() : read(file);
    String prefix = "MEZZO_" + section.toUpperCase(Locale.ROOT) + "_";
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && !NOT_CONFIG.contains(name)) {
            merged.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT), value);
          }
        });
    return merged.mergeIn(flags, true);
  }

  private static JsonObject read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException("config file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("config file " + file + " is not a JSON object: " + e.getMessage());
    }
  }
}
