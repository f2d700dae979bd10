package io.mezzo.node;

import io.mezzo.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
 * @param cpMemberCount the number of masters (3 or 5) forming Hazelcast's CP subsystem, which
 *     elects the leader with a fenced lock; 0 for a single master
 * @param memberTimeout how long a silent member stays in the cluster before it is removed
 * @param cpSessionTtl how long the leader's CP session (and so its lock) outlives the leader
 * @param cpAutoReset whether masters reset the CP subsystem by themselves once it lost its
 *     majority and enough masters are back (see docs/high-availability.md)
 */
public record ClusterConfig(
    String name,
    String host,
    int port,
    boolean portAutoIncrement,
    List<String> members,
    int eventBusPort,
    String hazelcastConfig,
    int cpMemberCount,
    Duration memberTimeout,
    Duration cpSessionTtl,
    boolean cpAutoReset) {

  public static final String DEFAULT_NAME = "mezzo";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  /**
   * Hazelcast's default is 60 s. Leader failover does not wait for it (the CP session TTL
   * decides when the lock goes), but the healthy masters must not suspect each other while
   * one member is frozen: with 3 s, two cores and the frozen member's peers busy reconnecting
   * to it, heartbeats between the healthy pair were late enough for both to be declared dead
   * and the majority lost its leader for 15 s. 6 s leaves that margin (see
   * docs/high-availability.md, "Timeouts that must fit together").
   */
  public static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(6);
  /** Hazelcast's default is 300 s; the lock of a crashed leader is held this long. */
  public static final Duration DEFAULT_CP_SESSION_TTL = Duration.ofSeconds(3);

  /** A lite member's or single master's settings: no CP subsystem, default timeouts. */
  public ClusterConfig(String name, String host, int port, boolean portAutoIncrement, List<String> members,
      int eventBusPort, String hazelcastConfig) {
    this(name, host, port, portAutoIncrement, members, eventBusPort, hazelcastConfig, 0,
        DEFAULT_MEMBER_TIMEOUT, DEFAULT_CP_SESSION_TTL, true);
  }

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
    int cpMemberCount = config.integer("cp_member_count", 0, 0, 7);
    if (cpMemberCount != 0 && (cpMemberCount < 3 || cpMemberCount % 2 == 0)) {
      throw config.invalid("cp_member_count", "must be 0 (one master) or an odd number of masters from 3 to 7");
    }
    Duration memberTimeout =
        config.duration("member_timeout", DEFAULT_MEMBER_TIMEOUT, Duration.ofSeconds(2), Duration.ofMinutes(10));
    Duration sessionTtl =
        config.duration("cp_session_ttl", DEFAULT_CP_SESSION_TTL, Duration.ofSeconds(2), Duration.ofMinutes(30));
    boolean autoReset = config.bool("cp_auto_reset", true);
    config.requireAllKnown();
    return new ClusterConfig(name, host, port, autoIncrement, members, eventBusPort, hazelcastConfig,
        cpMemberCount, memberTimeout, sessionTtl, autoReset);
  }
}
