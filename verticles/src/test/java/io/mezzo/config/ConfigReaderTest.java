package io.mezzo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Typed reads of a config section: JSON values as a file gives them, strings as environment
 * variables and flags give them, and errors that name {@code section.key}.
 */
class ConfigReaderTest {
  private static final Duration MIN = Duration.ofMillis(10);
  private static final Duration MAX = Duration.ofHours(1);

  private static ConfigReader reader(Object... keysAndValues) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      json.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new ConfigReader("test", json);
  }

  /** Reading {@code key} must fail with a message that starts by naming it. */
  private static void assertInvalid(String key, String why, Object value, Consumer<ConfigReader> read) {
    assertInvalid(key, key, why, value, read);
  }

  /** Reading {@code key} must fail naming {@code named}, a key within it. */
  private static void assertInvalid(String key, String named, String why, Object value, Consumer<ConfigReader> read) {
    ConfigException e = assertThrows(ConfigException.class, () -> read.accept(reader(key, value)), String.valueOf(value));
    assertEquals("invalid config test." + named + ": " + why, e.getMessage());
  }

  @Test
  void absentKeysTakeTheirFallbacks() {
    ConfigReader config = new ConfigReader("test", null);

    assertEquals("x", config.string("s", "x"));
    assertNull(config.string("none", null));
    assertEquals(7, config.integer("i", 7, 0, 10));
    assertTrue(config.bool("b", true));
    assertEquals(Duration.ofSeconds(3), config.duration("d", Duration.ofSeconds(3), MIN, MAX));
    assertEquals(List.of("a"), config.strings("l", List.of("a")));
    assertEquals(Map.of("r", 2.0), config.numbers("n", Map.of("r", 2.0)));
    config.requireAllKnown();
  }

  @Test
  void jsonValuesAreReadAsTheyAre() {
    ConfigReader config =
        reader(
            "s", "text", "i", 42, "whole", 42.0, "b", false, "d", "250ms",
            "l", new JsonArray().add("a").add("b"), "n", new JsonObject().put("web", 1.5).put("batch", 2));

    assertEquals("text", config.string("s", null));
    assertEquals(42, config.integer("i", 0, 0, 100));
    assertEquals(42, config.integer("whole", 0, 0, 100));
    assertFalse(config.bool("b", true));
    assertEquals(Duration.ofMillis(250), config.duration("d", null, MIN, MAX));
    assertEquals(List.of("a", "b"), config.strings("l", null));
    assertEquals(Map.of("web", 1.5, "batch", 2.0), config.numbers("n", null));
    config.requireAllKnown();
  }

  @Test
  void stringsAreCoercedAsEnvironmentVariablesAndFlagsGiveThem() {
    ConfigReader config =
        reader("i", " 42 ", "neg", "-3", "t", "true", "f", "false", "l", " a, b,,c ,", "n", "role=1.5, other = 2");

    assertEquals(42, config.integer("i", 0, 0, 100));
    assertEquals(-3, config.integer("neg", 0, -10, 10));
    assertTrue(config.bool("t", false));
    assertFalse(config.bool("f", true));
    assertEquals(List.of("a", "b", "c"), config.strings("l", null));
    assertEquals(Map.of("role", 1.5, "other", 2.0), config.numbers("n", null));
  }

  @Test
  void wrongTypesFailNamingTheKey() {
    assertInvalid("s", "must be a string", 5, c -> c.string("s", null));
    assertInvalid("i", "must be a whole number, not '4.5'", 4.5, c -> c.integer("i", 0, 0, 10));
    assertInvalid("i", "must be a whole number, not '4.5'", "4.5", c -> c.integer("i", 0, 0, 10));
    assertInvalid("i", "must be a whole number, not 'many'", "many", c -> c.integer("i", 0, 0, 10));
    assertInvalid("i", "must be a whole number, not 'true'", true, c -> c.integer("i", 0, 0, 10));
    assertInvalid("b", "must be true or false, not 'yes'", "yes", c -> c.bool("b", false));
    assertInvalid("b", "must be true or false, not '1'", 1, c -> c.bool("b", false));
    assertInvalid("d", "must be a duration such as \"15s\"", 15, c -> c.duration("d", null, MIN, MAX));
    assertInvalid("l", "must be a list of strings", 3, c -> c.strings("l", null));
    assertInvalid("l", "must be a list of strings", new JsonArray().add("a").add(1), c -> c.strings("l", null));
    assertInvalid("n", "must be an object of numbers", new JsonArray(), c -> c.numbers("n", null));
  }

  @Test
  void invalidValuesFailNamingTheKey() {
    assertInvalid("i", "must be between 1 and 10", 0, c -> c.integer("i", 1, 1, 10));
    assertInvalid("i", "must be between 1 and 10", "11", c -> c.integer("i", 1, 1, 10));
    assertInvalid("i", "must be between 1 and 10", 1e12, c -> c.integer("i", 1, 1, 10));
    assertInvalid("d", "'soon' is not a duration (examples: 500ms, 15s, 2m, 1h)", "soon", c -> c.duration("d", null, MIN, MAX));
    assertInvalid("d", "must be between 10ms and 1h", "5ms", c -> c.duration("d", null, MIN, MAX));
    assertInvalid("d", "must be between 10ms and 1h", "2h", c -> c.duration("d", null, MIN, MAX));
    assertInvalid("n", "must look like name=number,name=number", "role", c -> c.numbers("n", null));
    assertInvalid("n", "n.role", "must be a number", "role=heavy", c -> c.numbers("n", null));
    assertInvalid("n", "n.role", "must be a number", new JsonObject().put("role", "1"), c -> c.numbers("n", null));
  }

  @Test
  void aKeyNobodyReadsFailsNamingIt() {
    ConfigReader config = reader("allocation_interval", "1s", "allocaton_interval", "2s");
    config.duration("allocation_interval", null, MIN, MAX);

    ConfigException e = assertThrows(ConfigException.class, config::requireAllKnown);
    assertEquals("unknown config key test.allocaton_interval (known: allocation_interval)", e.getMessage());

    ConfigReader two = reader("b", 1, "a", 2);
    e = assertThrows(ConfigException.class, two::requireAllKnown);
    assertEquals("unknown config keys test.a, test.b (known: )", e.getMessage());
  }
}
