package io.mezzo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags of the {@code agent} section. */
final class AgentOptions {
  @Option(names = "--work-dir", paramLabel = "DIR", description = "Sandboxes and checkpoints; keep it to keep the agent's ID and tasks.")
  Path workDir;

  @Option(names = "--hostname", paramLabel = "NAME", description = "Name the agent advertises in offers (default: the cluster host).")
  String hostname;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the agent (default: 5051).")
  Integer port;

  @Option(names = "--resources", paramLabel = "RESOURCES", description = "Replaces fingerprinted resources, e.g. cpus:4;mem:8192;ports:[31000-32000].")
  String resources;

  @Option(names = "--attributes", paramLabel = "ATTRIBUTES", description = "Agent attributes, e.g. rack:a;zone:2.")
  String attributes;

  @Option(names = "--status-update-retry-min", paramLabel = "DURATION", description = "First resend of an unacknowledged update (default: 10s).")
  String statusUpdateRetryMin;

  void addTo(Flags flags) {
    flags.put("agent", "work_dir", workDir)
        .put("agent", "hostname", hostname)
        .put("agent", "port", port)
        .put("agent", "resources", resources)
        .put("agent", "attributes", attributes)
        .put("agent", "status_update_retry_min", statusUpdateRetryMin);
  }
}
