package io.mezzo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.AgentConfig;
import io.mezzo.config.ConfigException;
import io.mezzo.master.MasterConfig;
import io.mezzo.node.ClusterConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped config files are valid, and the layers apply in order: file &lt; environment &lt; flags. */
class ConfigFilesTest {
  static final Path CONFIG = Path.of("..", "config");

  @Test
  void shippedMasterAndAgentFilesAreValid() {
    JsonObject master = ConfigLayers.load(CONFIG.resolve("master.json"), Map.of(), new JsonObject(), List.of("cluster", "master"));
    assertEquals(MasterConfig.DEFAULT_PORT, MasterConfig.fromJson(master.getJsonObject("master")).port());
    assertEquals(List.of("127.0.0.1:5701"), ClusterConfig.fromJson(master.getJsonObject("cluster")).members());
    JsonObject agent = ConfigLayers.load(CONFIG.resolve("agent.json"), Map.of(), new JsonObject(), List.of("cluster", "agent"));
    assertEquals(AgentConfig.DEFAULT_PORT, AgentConfig.fromJson(agent.getJsonObject("agent")).port());
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideBoth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("master.json");
    Files.writeString(file, "{\"master\": {\"allocation_interval\": \"3s\", \"max_missed_pings\": 7, \"heartbeat_interval\": \"9s\"}}");
    Map<String, String> env = Map.of(
        "MEZZO_MASTER_MAX_MISSED_PINGS", "8",
        "MEZZO_MASTER_HEARTBEAT_INTERVAL", "10s",
        // Set in every task's environment; not configuration.
        "MEZZO_AGENT_ID", "a-1");
    JsonObject flags = new Flags().put("master", "heartbeat_interval", "11s").toJson();
    MasterConfig config = MasterConfig.fromJson(
        ConfigLayers.load(file, env, flags, List.of("cluster", "master")).getJsonObject("master"));
    assertEquals(Duration.ofSeconds(3), config.allocationInterval(), "from the file");
    assertEquals(8, config.maxMissedPings(), "the environment beats the file");
    assertEquals(Duration.ofSeconds(11), config.heartbeatInterval(), "flags beat both");
  }

  @Test
  void unknownKeysAndSectionsFailNamingThem(@TempDir Path dir) throws Exception {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"master\": {\"allocaton_interval\": \"1s\"}}");
    JsonObject merged = ConfigLayers.load(typo, Map.of(), new JsonObject(), List.of("master"));
    ConfigException unknownKey = assertThrows(ConfigException.class, () -> MasterConfig.fromJson(merged.getJsonObject("master")));
    assertTrue(unknownKey.getMessage().contains("master.allocaton_interval"), unknownKey.getMessage());

    Path section = dir.resolve("section.json");
    Files.writeString(section, "{\"mastr\": {}}");
    ConfigException unknownSection = assertThrows(ConfigException.class,
        () -> ConfigLayers.load(section, Map.of(), new JsonObject(), List.of("master")));
    assertTrue(unknownSection.getMessage().contains("mastr"), unknownSection.getMessage());

    ConfigException badEnv = assertThrows(ConfigException.class, () -> MasterConfig.fromJson(
        ConfigLayers.load(null, Map.of("MEZZO_MASTER_PORTT", "1"), new JsonObject(), List.of("master")).getJsonObject("master")));
    assertTrue(badEnv.getMessage().contains("master.portt"), badEnv.getMessage());
  }
}
