package io.mezzo.tests;

import io.mezzo.testing.TaskProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A newcomer's single-node cluster: one {@code mezzo local} process on free loopback ports
 * with fixed resources. Test classes share one per test run through
 * {@link MezzoLocalExtension}; it stops when the run ends, and every task process it left is
 * killed by the PIDs the sandboxes recorded.
 */
final class MezzoLocal implements ExtensionContext.Store.CloseableResource {
  static final String RESOURCES = "cpus:4;mem:4096;disk:4096";

  final int httpPort;
  final Path workDir;
  private final MezzoProcess process;

  MezzoLocal() throws IOException {
    httpPort = ProcessCluster.freePort();
    workDir = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).toAbsolutePath().getParent()
        .resolve("mezzo-local-" + UUID.randomUUID());
    Files.createDirectories(workDir);
    process = MezzoProcess.start("mezzo-local", Pattern.compile("mezzo local ready"), List.of(
        "local", "--work-dir", workDir.toString(), "--resources", RESOURCES,
        "--port", Integer.toString(httpPort), "--agent-port", Integer.toString(ProcessCluster.freePort()),
        "--cluster-name", "local-" + UUID.randomUUID(), "--cluster-host", ProcessCluster.HOST,
        "--cluster-port", Integer.toString(ProcessCluster.freePort())));
  }

  /** The master's address as the CLI takes it. */
  String master() {
    return ProcessCluster.HOST + ":" + httpPort;
  }

  /** The environment of a person using this cluster from a shell: MEZZO_MASTER set, no colors. */
  Map<String, String> cliEnvironment() {
    return Map.of("MEZZO_MASTER", master(), "NO_COLOR", "1");
  }

  /** Runs {@code mezzo args...} against this cluster, as a person with MEZZO_MASTER set would. */
  MezzoCli.Result cli(Duration timeout, String... args) throws IOException, InterruptedException {
    return MezzoCli.run(timeout, cliEnvironment(), args);
  }

  @Override
  public void close() {
    process.close();
    TaskProcesses.killAll(workDir.resolve("agent"));
  }
}
