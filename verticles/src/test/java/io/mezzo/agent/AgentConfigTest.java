package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.config.ConfigException;
import io.mezzo.http.HttpTimeouts;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The agent section of the configuration: defaults, every key, and errors naming the key. */
class AgentConfigTest {
  private static void assertInvalid(String key, JsonObject json) {
    ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.fromJson(json), json.encode());
    assertTrue(e.getMessage().startsWith("invalid config agent." + key + ": "), e.getMessage());
  }

  @Test
  void defaults() {
    AgentConfig config = AgentConfig.defaults();

    assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "mezzo", "agent"), config.workDir());
    assertEquals("", config.hostname(), "unset: the node uses its cluster host");
    assertEquals(5051, config.port());
    assertNull(config.resources(), "no override: every resource is fingerprinted");
    assertEquals("", config.attributes());
    assertEquals(Duration.ofSeconds(10), config.registrationBackoffMax());
    assertEquals(Duration.ofSeconds(10), config.statusUpdateRetryMin());
    assertEquals(Duration.ofMinutes(10), config.statusUpdateRetryMax());
    assertEquals(Duration.ofSeconds(3), config.defaultGracePeriod());
    assertEquals(Duration.ofSeconds(10), config.requestTimeout());
    assertEquals(HttpTimeouts.DEFAULTS, config.http());
  }

  @Test
  void everyKeyIsReadFromJson() {
    JsonObject json =
        new JsonObject()
            .put("work_dir", "/var/lib/mezzo-agent")
            .put("hostname", "agent-1")
            .put("port", 6051)
            .put("resources", "cpus:8;mem:16384;ports:[31000-31999];net_mbps:1000")
            .put("attributes", "rack:a;zone:2")
            .put("registration_backoff_max", "5s")
            .put("status_update_retry_min", "100ms")
            .put("status_update_retry_max", "1m")
            .put("default_grace_period", "0s")
            .put("request_timeout", "2s")
            .put("http_idle_timeout", "5m")
            .put("http_header_timeout", "20s");

    AgentConfig config = AgentConfig.fromJson(json);

    assertEquals(Path.of("/var/lib/mezzo-agent"), config.workDir());
    assertEquals("agent-1", config.hostname());
    assertEquals(6051, config.port());
    assertEquals("cpus:8;mem:16384;ports:[31000-31999];net_mbps:1000", config.resources());
    assertEquals("rack:a;zone:2", config.attributes());
    assertEquals(Duration.ofSeconds(5), config.registrationBackoffMax());
    assertEquals(Duration.ofMillis(100), config.statusUpdateRetryMin());
    assertEquals(Duration.ofMinutes(1), config.statusUpdateRetryMax());
    assertEquals(Duration.ZERO, config.defaultGracePeriod());
    assertEquals(Duration.ofSeconds(2), config.requestTimeout());
    assertEquals(new HttpTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(20)), config.http());
  }

  @Test
  void stringsAreReadAsEnvironmentVariablesAndFlagsGiveThem() {
    AgentConfig config = AgentConfig.fromJson(new JsonObject().put("port", "0").put("status_update_retry_min", "10m"));

    assertEquals(0, config.port());
    assertEquals(Duration.ofMinutes(10), config.statusUpdateRetryMin(), "equal to the maximum is allowed");
  }

  @Test
  void anUnknownKeyFailsNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.fromJson(new JsonObject().put("resource", "cpus:1")));

    assertTrue(e.getMessage().startsWith("unknown config key agent.resource "), e.getMessage());
  }

  @Test
  void invalidValuesFailNamingTheKey() {
    assertInvalid("resources", new JsonObject().put("resources", "cpus:lots"));
    assertInvalid("resources", new JsonObject().put("resources", "ports:[32000-31000]"));
    assertInvalid("resources", new JsonObject().put("resources", "cpus:-1"));
    assertInvalid("attributes", new JsonObject().put("attributes", "rack"));
    assertInvalid("port", new JsonObject().put("port", 65536));
    assertInvalid("port", new JsonObject().put("port", "http"));
    assertInvalid("registration_backoff_max", new JsonObject().put("registration_backoff_max", "ten seconds"));
    assertInvalid("status_update_retry_min", new JsonObject().put("status_update_retry_min", "1ms"));
    assertInvalid("default_grace_period", new JsonObject().put("default_grace_period", "2d"));
    assertInvalid("request_timeout", new JsonObject().put("request_timeout", 10));
    assertInvalid("http_idle_timeout", new JsonObject().put("http_idle_timeout", "1s"));
    assertInvalid("http_header_timeout", new JsonObject().put("http_header_timeout", "11m"));
    assertInvalid(
        "status_update_retry_max",
        new JsonObject().put("status_update_retry_min", "1m").put("status_update_retry_max", "30s"));
  }
}
