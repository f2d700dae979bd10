package io.mezzo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.cli.run.FrameworkConfig;
import io.mezzo.config.ConfigException;
import io.mezzo.model.Resources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mezzo run}'s settings: defaults &lt; framework file &lt; MEZZO_FRAMEWORK_* &lt; flags, every key checked. */
class FrameworkConfigTest {
  static FrameworkConfig load(Path file, Map<String, String> env, JsonObject flags) {
    return FrameworkConfig.fromJson(ConfigLayers.loadSection(file, env, "framework", flags), "alice");
  }

  @Test
  void defaultsNeedOnlyACommand() {
    FrameworkConfig config = load(null, Map.of(), new JsonObject().put("command", "echo hello"));
    assertEquals("mezzo-run", config.name());
    assertEquals("alice", config.user());
    assertEquals("*", config.role());
    assertEquals(1, config.instances());
    assertEquals(Duration.ofSeconds(60), config.timeout());
    assertEquals(Resources.parse("cpus:0.1;mem:32"), config.taskResources());
  }

  @Test
  void theShippedExampleIsValid() {
    FrameworkConfig config = load(ConfigFilesTest.CONFIG.resolve("framework.json"), Map.of(), new JsonObject());
    assertEquals("hello", config.name());
    assertEquals("hello", config.env().get("GREETING"));
    assertTrue(config.command().contains("MEZZO_TASK_ID"));
  }

  @Test
  void environmentBeatsTheFileAndFlagsBeatBoth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("framework.json");
    Files.writeString(file, "{\"name\": \"batch\", \"cpus\": 0.5, \"mem\": 64, \"instances\": 3, \"command\": \"true\","
        + " \"env\": {\"A\": \"file\", \"B\": \"file\"}, \"timeout\": 5}");
    Map<String, String> env = Map.of(
        "MEZZO_FRAMEWORK_MEM", "128",
        "MEZZO_FRAMEWORK_INSTANCES", "4",
        // Set in every task's environment; not configuration.
        "MEZZO_FRAMEWORK_ID", "f-1");
    JsonObject flags = new JsonObject().put("instances", 5).put("env", new JsonObject().put("B", "flag"));
    FrameworkConfig config = load(file, env, flags);
    assertEquals("batch", config.name());
    assertEquals(0.5, config.cpus());
    assertEquals(128, config.mem(), "the environment beats the file");
    assertEquals(5, config.instances(), "flags beat both");
    assertEquals(Map.of("A", "file", "B", "flag"), config.env(), "variables merge one by one");
    assertEquals(Duration.ofSeconds(5), config.timeout());
  }

  @Test
  void unknownAndInvalidKeysFailNamingThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("framework.json");
    Files.writeString(file, "{\"command\": \"true\", \"cpu\": 1}");
    ConfigException unknown = assertThrows(ConfigException.class, () -> load(file, Map.of(), new JsonObject()));
    assertTrue(unknown.getMessage().contains("framework.cpu"), unknown.getMessage());

    ConfigException badNumber = assertThrows(ConfigException.class,
        () -> load(null, Map.of("MEZZO_FRAMEWORK_CPUS", "lots"), new JsonObject().put("command", "true")));
    assertTrue(badNumber.getMessage().contains("framework.cpus"), badNumber.getMessage());

    ConfigException noCommand = assertThrows(ConfigException.class, () -> load(null, Map.of(), new JsonObject()));
    assertTrue(noCommand.getMessage().contains("--"), noCommand.getMessage());

    ConfigException nothing = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), new JsonObject().put("command", "true").put("cpus", 0).put("mem", 0)));
    assertTrue(nothing.getMessage().contains("cpus"), nothing.getMessage());

    ConfigException badEnv = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), new JsonObject().put("command", "true").put("env", new JsonObject().put("1X", "y"))));
    assertTrue(badEnv.getMessage().contains("1X"), badEnv.getMessage());

    assertThrows(ConfigException.class,
        () -> load(null, Map.of(), new JsonObject().put("command", "true").put("instances", 0)));
    assertThrows(ConfigException.class,
        () -> load(null, Map.of(), new JsonObject().put("command", "true").put("role", "no spaces")));
  }

  @Test
  void variablesFromTheEnvironmentAreNameValuePairs() {
    FrameworkConfig config = load(null, Map.of("MEZZO_FRAMEWORK_ENV", "A=1,B=x=y"), new JsonObject().put("command", "true"));
    assertEquals(Map.of("A", "1", "B", "x=y"), config.env());
  }
}
