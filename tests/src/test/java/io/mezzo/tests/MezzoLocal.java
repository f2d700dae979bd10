package io.mezzo.tests;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.mezzo.testing.TaskProcesses;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  final int agentPort;
  final Path workDir;
  /** The Hazelcast cluster name and member port, for a test JVM that joins as a framework would. */
  final String clusterName = "local-" + UUID.randomUUID();
  final int clusterPort;
  private final MezzoProcess process;

  MezzoLocal() throws IOException {
    this("mezzo-local");
  }

  /** One of a test's own, on fresh ports and work dir, with {@code extraArgs} after the usual ones. */
  MezzoLocal(String name, String... extraArgs) throws IOException {
    this(Path.of(System.getProperty("mezzo.logs", "target/process-logs")).toAbsolutePath().getParent()
        .resolve(name + "-" + UUID.randomUUID()), ProcessCluster.freePort(), ProcessCluster.freePort(),
        ProcessCluster.freePort(), name, extraArgs);
  }

  /**
   * A {@code mezzo local} on the given work dir and ports: giving those of one that stopped
   * restarts it as its users would see it, at the same address with the same agent.
   */
  MezzoLocal(Path workDir, int httpPort, int agentPort, int clusterPort, String name, String... extraArgs)
      throws IOException {
    this.workDir = workDir;
    this.httpPort = httpPort;
    this.agentPort = agentPort;
    this.clusterPort = clusterPort;
    Files.createDirectories(workDir);
    List<String> args = new ArrayList<>(List.of(
        "local", "--work-dir", workDir.toString(), "--resources", RESOURCES,
        "--port", Integer.toString(httpPort), "--grpc-port", "0", "--agent-port", Integer.toString(agentPort),
        "--cluster-name", clusterName, "--cluster-host", ProcessCluster.HOST,
        "--cluster-port", Integer.toString(clusterPort)));
    args.addAll(List.of(extraArgs));
    process = MezzoProcess.start(name, Pattern.compile("mezzo local ready"), args);
  }

  /** The same cluster started again after {@link #close()}: same work dir, same ports. */
  MezzoLocal restarted(String name) throws IOException {
    return new MezzoLocal(workDir, httpPort, agentPort, clusterPort, name);
  }

  /** The {@code mezzo local} process itself. */
  MezzoProcess process() {
    return process;
  }

  /** The agent's work dir, where task sandboxes record their PIDs. */
  Path agentWorkDir() {
    return workDir.resolve("agent");
  }

  /** The master's address as the CLI takes it. */
  String master() {
    return ProcessCluster.HOST + ":" + httpPort;
  }

  /**
   * A new clustered Vert.x joined to this cluster as a lite member, as a framework joins it;
   * the caller closes it.
   */
  Vertx joinAsLiteMember() throws IOException {
    ClusterConfig config = new ClusterConfig(clusterName, ProcessCluster.HOST, ProcessCluster.freePort(), false,
        List.of(ProcessCluster.HOST + ":" + clusterPort), 0, null);
    return Await.result(ClusteredVertx.start(config, true), MezzoProcess.START_TIMEOUT);
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
    TaskProcesses.killAll(agentWorkDir());
  }
}
