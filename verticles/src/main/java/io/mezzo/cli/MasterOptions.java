package io.mezzo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags of the {@code master} section. */
final class MasterOptions {
  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the master keeps its state.")
  Path workDir;

  @Option(names = "--hostname", paramLabel = "NAME", description = "Name the master advertises (default: the cluster host).")
  String hostname;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the API and dashboard (default: 5050).")
  Integer port;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port (default: the HTTP port + 3, 5053; -1: no gRPC).")
  Integer grpcPort;

  @Option(names = "--allocation-interval", paramLabel = "DURATION", description = "How often the allocator runs (default: 1s).")
  String allocationInterval;

  @Option(names = "--agent-ping-interval", paramLabel = "DURATION", description = "How often agents are pinged (default: 15s).")
  String agentPingInterval;

  @Option(names = "--max-missed-pings", paramLabel = "N", description = "Missed pings before an agent is unreachable (default: 5).")
  Integer maxMissedPings;

  @Option(names = "--agent-reregister-timeout", paramLabel = "DURATION", description = "How long a new leader waits for known agents to re-register (default: 10m).")
  String agentReregisterTimeout;

  @Option(names = "--heartbeat-interval", paramLabel = "DURATION", description = "How often schedulers get a heartbeat (default: 15s).")
  String heartbeatInterval;

  @Option(names = "--weights", paramLabel = "ROLE=W,...", description = "DRF weights of roles (default: 1 each).")
  String weights;

  void addTo(Flags flags) {
    flags.put("master", "work_dir", workDir)
        .put("master", "hostname", hostname)
        .put("master", "port", port)
        .put("master", "grpc_port", grpcPort)
        .put("master", "allocation_interval", allocationInterval)
        .put("master", "agent_ping_interval", agentPingInterval)
        .put("master", "max_missed_pings", maxMissedPings)
        .put("master", "agent_reregister_timeout", agentReregisterTimeout)
        .put("master", "heartbeat_interval", heartbeatInterval)
        .put("master", "weights", weights);
  }
}
