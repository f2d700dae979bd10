package io.mezzo.node;

import io.mezzo.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How a node joins the Hazelcast cluster that carries Mezzo's event bus: the cluster's
 * name, the address this node listens on, and the members it contacts to join (TCP-IP
 * join; multicast is never used, since it works in neither containers nor clouds).
 *
 * @param name the cluster name; nodes of different names never join
 * @param host the address this node binds and advertises, for Hazelcast and the event bus
 * @param port the Hazelcast port; when taken, the next free ones up to {@code port + 100}
 *     are tried unless {@code portAutoIncrement} is false
 * @param portAutoIncrement whether to try the next ports when {@code port} is taken
 * @param members {@code host:port} of the masters to contact when joining
 * @param eventBusPort the event bus port; 0 for a random free one
 * @param hazelcastConfig a Hazelcast XML file that replaces the settings above (name, host,
 *     ports, members); null to build the configuration from them
 */
public record ClusterConfig(
    String name,
    String host,
    int port,
    boolean portAutoIncrement,
    List<String> members,
    int eventBusPort,
    String hazelcastConfig) {

  public static final String DEFAULT_NAME = "mezzo";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;

  public static ClusterConfig defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads a cluster config object; absent keys take their defaults.
   *
   * @throws io.mezzo.config.ConfigException naming an invalid or unknown key
   */
  public static ClusterConfig fromJson(JsonObject json) {
    ConfigReader config = new ConfigReader("cluster", json);
    String name = config.string("name", DEFAULT_NAME);
    if (name.isBlank()) {
      throw config.invalid("name", "must not be empty");
    }
    String host = config.string("host", DEFAULT_HOST);
    int port = config.integer("port", DEFAULT_PORT, 1, 65535);
    boolean autoIncrement = config.bool("port_auto_increment", true);
    List<String> members = config.strings("members", List.of());
    for (String member : members) {
      if (!member.matches("[^:\\s]+(:[0-9]{1,5}(-[0-9]{1,5})?)?")) {
        throw config.invalid("members", "'" + member + "' is not host or host:port");
      }
    }
    int eventBusPort = config.integer("event_bus_port", 0, 0, 65535);
    String hazelcastConfig = config.string("hazelcast_config", null);
    config.requireAllKnown();
    return new ClusterConfig(name, host, port, autoIncrement, members, eventBusPort, hazelcastConfig);
  }
}
