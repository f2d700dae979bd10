package io.mezzo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster section of the configuration: defaults, every key, and errors naming the key. */
class ClusterConfigTest {
  private static void assertInvalid(String key, JsonObject json) {
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.fromJson(json), json.encode());
    assertTrue(e.getMessage().startsWith("invalid config cluster." + key + ": "), e.getMessage());
  }

  @Test
  void defaults() {
    ClusterConfig config = ClusterConfig.defaults();

    assertEquals("mezzo", config.name());
    assertEquals("127.0.0.1", config.host());
    assertEquals(5701, config.port());
    assertTrue(config.portAutoIncrement());
    assertEquals(List.of(), config.members());
    assertEquals(0, config.eventBusPort());
    assertNull(config.hazelcastConfig());
  }

  @Test
  void everyKeyIsReadFromJson() {
    JsonObject json =
        new JsonObject()
            .put("name", "prod")
            .put("host", "10.0.0.5")
            .put("port", 5801)
            .put("port_auto_increment", false)
            .put("members", new JsonArray().add("10.0.0.1:5701").add("master-2").add("10.0.0.3:5701-5703"))
            .put("event_bus_port", 15701)
            .put("hazelcast_config", "/etc/mezzo/hazelcast.xml");

    ClusterConfig config = ClusterConfig.fromJson(json);

    assertEquals(
        new ClusterConfig(
            "prod", "10.0.0.5", 5801, false, List.of("10.0.0.1:5701", "master-2", "10.0.0.3:5701-5703"), 15701,
            "/etc/mezzo/hazelcast.xml"),
        config);
  }

  @Test
  void stringsAreReadAsEnvironmentVariablesAndFlagsGiveThem() {
    JsonObject json =
        new JsonObject()
            .put("port", "5801")
            .put("port_auto_increment", "false")
            .put("members", "10.0.0.1:5701, master-2 ,")
            .put("event_bus_port", "15701");

    ClusterConfig config = ClusterConfig.fromJson(json);

    assertEquals(5801, config.port());
    assertFalse(config.portAutoIncrement());
    assertEquals(List.of("10.0.0.1:5701", "master-2"), config.members());
    assertEquals(15701, config.eventBusPort());
  }

  @Test
  void anUnknownKeyFailsNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.fromJson(new JsonObject().put("member", "m:1")));

    assertTrue(e.getMessage().startsWith("unknown config key cluster.member "), e.getMessage());
  }

  @Test
  void invalidValuesFailNamingTheKey() {
    assertInvalid("name", new JsonObject().put("name", " "));
    assertInvalid("port", new JsonObject().put("port", 0));
    assertInvalid("port", new JsonObject().put("port", "65536"));
    assertInvalid("port_auto_increment", new JsonObject().put("port_auto_increment", "yes"));
    assertInvalid("event_bus_port", new JsonObject().put("event_bus_port", -1));
    assertInvalid("members", new JsonObject().put("members", "master-1:http"));
    assertInvalid("members", new JsonObject().put("members", new JsonArray().add("master 1")));
    assertInvalid("members", new JsonObject().put("members", "master-1:5701:5702"));
    assertInvalid("members", new JsonObject().put("members", "master-1:"));
    assertInvalid("members", new JsonObject().put("members", new JsonArray().add(5701)));
  }
}
