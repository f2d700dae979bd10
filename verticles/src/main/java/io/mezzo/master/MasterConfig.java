package io.mezzo.master;

import io.mezzo.allocator.AllocatorConfig;
import io.mezzo.config.ConfigReader;
import io.mezzo.master.core.CoreConfig;
import io.mezzo.config.Durations;
import io.mezzo.http.HttpTimeouts;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A master's configuration. Keys and defaults follow Apache Mesos's master flags where the
 * concept is the same ({@code allocation_interval}, {@code agent_ping_timeout} here split
 * into an interval and a missed-ping limit, {@code max_completed_tasks_per_framework}).
 *
 * @param workDir where the master keeps its epoch and other state
 * @param hostname the name the master advertises to frameworks, agents and redirects; empty
 *     for the address its HTTP API binds (the cluster host)
 * @param port the HTTP port of the master's API and dashboard
 * @param allocationInterval how often the allocator runs a cycle on its own
 * @param agentPingInterval how often the master pings each agent
 * @param maxMissedPings pings an agent may miss in a row before it is marked unreachable
 * @param agentReregisterTimeout how long a new leader waits for an agent it knows from the
 *     replicated state to re-register before marking it unreachable
 * @param heartbeatInterval how often subscribed schedulers get a HEARTBEAT event
 * @param minAllocatable alternatives, any one of which an offer must contain
 * @param weights role weights for DRF; roles not listed weigh 1
 * @param maxCompletedTasksPerFramework completed tasks kept per framework for the state view
 * @param maxCompletedFrameworks removed frameworks kept for the state view
 * @param maxFrameworks registered frameworks (connected, or disconnected within their
 *     failover timeout) beyond which a SUBSCRIBE of a new framework is refused
 * @param http how long the HTTP server waits on its clients
 * @param grpc the gRPC API's port and message size limit (see docs/grpc.md)
 */
public record MasterConfig(
    Path workDir,
    String hostname,
    int port,
    Duration allocationInterval,
    Duration agentPingInterval,
    int maxMissedPings,
    Duration agentReregisterTimeout,
    Duration heartbeatInterval,
    List<Resources> minAllocatable,
    Map<String, Double> weights,
    int maxCompletedTasksPerFramework,
    int maxCompletedFrameworks,
    int maxFrameworks,
    HttpTimeouts http,
    io.mezzo.grpc.GrpcConfig grpc) implements CoreConfig {

  public static final Duration DEFAULT_ALLOCATION_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_AGENT_PING_INTERVAL = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_MISSED_PINGS = 5;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
  /** Mesos's agent_reregister_timeout default. */
  public static final Duration DEFAULT_AGENT_REREGISTER_TIMEOUT = Duration.ofMinutes(10);
  public static final String DEFAULT_MIN_ALLOCATABLE = "cpus:0.01|mem:32";
  public static final int DEFAULT_PORT = 5050;
  public static final int DEFAULT_MAX_FRAMEWORKS = 1000;

  private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);

  @Override
  public SortedMap<String, String> flags() {
    SortedMap<String, String> flags = new TreeMap<>();
    flags.put("work_dir", workDir.toString());
    flags.put("hostname", hostname);
    flags.put("port", Integer.toString(port));
    flags.put("grpc_port", Integer.toString(grpc.port()));
    flags.put("grpc_max_message_bytes", Integer.toString(grpc.maxMessageBytes()));
    flags.put("allocation_interval", Durations.format(allocationInterval));
    flags.put("min_allocatable_resources",
        String.join("|", minAllocatable.stream().map(Resources::toString).toList()));
    flags.put("http_idle_timeout", Durations.format(http.idle()));
    flags.put("http_header_timeout", Durations.format(http.header()));
    flags.put("agent_ping_interval", Durations.format(agentPingInterval));
    flags.put("max_missed_pings", Integer.toString(maxMissedPings));
    flags.put("agent_reregister_timeout", Durations.format(agentReregisterTimeout));
    flags.put("heartbeat_interval", Durations.format(heartbeatInterval));
    StringBuilder weightList = new StringBuilder();
    new TreeMap<>(weights).forEach((role, weight) ->
        weightList.append(weightList.isEmpty() ? "" : ",").append(role).append('=').append(weight));
    flags.put("weights", weightList.toString());
    flags.put("max_completed_tasks_per_framework", Integer.toString(maxCompletedTasksPerFramework));
    flags.put("max_completed_frameworks", Integer.toString(maxCompletedFrameworks));
    flags.put("max_frameworks", Integer.toString(maxFrameworks));
    return flags;
  }

  /** The part of this configuration that the allocator uses. */
  public AllocatorConfig allocatorConfig() {
    return new AllocatorConfig(weights, minAllocatable, allocationInterval);
  }

  /** The defaults, with the work dir under the system's temporary directory. */
  public static MasterConfig defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads a master config object; absent keys take their defaults.
   *
   * @throws io.mezzo.config.ConfigException naming an invalid or unknown key
   */
  public static MasterConfig fromJson(JsonObject json) {
    ConfigReader config = new ConfigReader("master", json);
    Path workDir =
        Path.of(config.string("work_dir", Path.of(System.getProperty("java.io.tmpdir"), "mezzo", "master").toString()));
    String hostname = config.string("hostname", "");
    int port = config.integer("port", DEFAULT_PORT, 0, 65535);
    Duration allocationInterval =
        config.duration("allocation_interval", DEFAULT_ALLOCATION_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
    Duration pingInterval =
        config.duration("agent_ping_interval", DEFAULT_AGENT_PING_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
    int maxMissedPings = config.integer("max_missed_pings", DEFAULT_MAX_MISSED_PINGS, 1, 1000);
    Duration reregisterTimeout =
        config.duration("agent_reregister_timeout", DEFAULT_AGENT_REREGISTER_TIMEOUT, MIN_INTERVAL, Duration.ofDays(1));
    Duration heartbeatInterval =
        config.duration("heartbeat_interval", DEFAULT_HEARTBEAT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
    String minAllocatableText = config.string("min_allocatable_resources", DEFAULT_MIN_ALLOCATABLE);
    List<Resources> minAllocatable = new ArrayList<>();
    for (String alternative : minAllocatableText.split("\\|")) {
      try {
        minAllocatable.add(Resources.parse(alternative));
      } catch (InvalidResourcesException e) {
        throw config.invalid("min_allocatable_resources", e.getMessage());
      }
    }
    Map<String, Double> weights = config.numbers("weights", Map.of());
    weights.forEach(
        (role, weight) -> {
          if (!(weight > 0) || Double.isInfinite(weight)) {
            throw config.invalid("weights." + role, "must be a positive number");
          }
        });
    // The allocator checks its part again (scalars only, no empty alternative, no empty
    // role). Run those checks now: otherwise a bad value fails only once the master is
    // elected and starts its allocator, with a message that names no config key.
    try {
      new AllocatorConfig(null, List.copyOf(minAllocatable), null);
    } catch (IllegalArgumentException e) {
      throw config.invalid("min_allocatable_resources", e.getMessage());
    }
    try {
      new AllocatorConfig(weights, null, null);
    } catch (IllegalArgumentException e) {
      throw config.invalid("weights", e.getMessage());
    }
    int maxCompletedTasks = config.integer("max_completed_tasks_per_framework", 1000, 0, 1_000_000);
    int maxCompletedFrameworks = config.integer("max_completed_frameworks", 50, 0, 100_000);
    int maxFrameworks = config.integer("max_frameworks", DEFAULT_MAX_FRAMEWORKS, 1, 100_000);
    HttpTimeouts http = HttpTimeouts.read(config);
    if (http.idle().compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      // A scheduler's stream is silent between heartbeats: it must not look idle.
      throw config.invalid("http_idle_timeout", "must be at least twice heartbeat_interval ("
          + Durations.format(heartbeatInterval) + ")");
    }
    io.mezzo.grpc.GrpcConfig grpc = io.mezzo.grpc.GrpcConfig.read(config, port);
    config.requireAllKnown();
    return new MasterConfig(
        workDir,
        hostname,
        port,
        allocationInterval,
        pingInterval,
        maxMissedPings,
        reregisterTimeout,
        heartbeatInterval,
        List.copyOf(minAllocatable),
        weights,
        maxCompletedTasks,
        maxCompletedFrameworks,
        maxFrameworks,
        http,
        grpc);
  }
}
