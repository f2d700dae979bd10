package io.mezzo.tests;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster of real processes on loopback: one master and agents, each a {@code mezzo.jar}
 * JVM on its own free ports, under a random cluster name. The test JVM joins as a lite
 * member to act as a framework. Liveness timeouts are short so failures show in seconds.
 */
final class ProcessCluster implements AutoCloseable {
  static final Pattern AGENT_READY = Pattern.compile("mezzo agent ready: id=(\\S+)");
  static final String HOST = "127.0.0.1";

  final String name = "test-" + UUID.randomUUID();
  final Path dir;
  final int masterPort;
  final int masterHttpPort;
  private final MezzoProcess master;
  private final List<MezzoProcess> processes = new ArrayList<>();
  private Vertx vertx;

  /**
   * Starts the master; {@code masterFlags} ({@code --flag value} pairs) are added to the
   * command line, and replace the defaults of the same flags.
   */
  ProcessCluster(Path dir, String... masterFlags) throws IOException {
    this.dir = dir;
    this.masterPort = freePort();
    this.masterHttpPort = freePort();
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--allocation-interval", "200ms");
    flags.put("--agent-ping-interval", "300ms");
    flags.put("--max-missed-pings", "3");
    flags.put("--heartbeat-interval", "1s");
    for (int i = 0; i + 1 < masterFlags.length; i += 2) {
      flags.put(masterFlags[i], masterFlags[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of(
        "master", "--work-dir", dir.resolve("master").toString(), "--port", Integer.toString(masterHttpPort),
        "--cluster-name", name, "--cluster-host", HOST, "--cluster-port", Integer.toString(masterPort),
        "--members", HOST + ":" + masterPort));
    flags.forEach((flag, value) -> args.addAll(List.of(flag, value)));
    master = MezzoProcess.start("master", Pattern.compile("mezzo master ready"), args);
    processes.add(master);
  }

  /** Starts an agent process with its own work dir and {@code resources}; returns it and its ID. */
  AgentProcess startAgent(String label, String resources) throws IOException {
    return startAgent(label, dir.resolve(label), resources);
  }

  /**
   * Starts an agent process again on the work dir of {@code crashed}, as after a crash: it
   * keeps its ID and takes back its tasks. Its log is {@code <work dir name>-restarted.log}.
   */
  AgentProcess restartAgent(AgentProcess crashed, String resources) throws IOException {
    return startAgent(crashed.workDir().getFileName() + "-restarted", crashed.workDir(), resources);
  }

  private AgentProcess startAgent(String logName, Path workDir, String resources) throws IOException {
    MezzoProcess agent = MezzoProcess.start(logName, AGENT_READY, List.of(
        "agent", "--work-dir", workDir.toString(), "--resources", resources, "--port", Integer.toString(freePort()),
        "--cluster-name", name, "--cluster-host", HOST, "--cluster-port", Integer.toString(freePort()),
        "--members", HOST + ":" + masterPort, "--status-update-retry-min", "1s"));
    processes.add(agent);
    Matcher m = AGENT_READY.matcher(agent.readyLine());
    if (!m.find()) {
      throw new IllegalStateException("no agent ID in " + agent.readyLine());
    }
    return new AgentProcess(agent, m.group(1), workDir);
  }

  /** The test JVM's own clustered Vert.x, a lite member like any framework. */
  Vertx frameworkVertx() throws IOException {
    if (vertx == null) {
      ClusterConfig config = new ClusterConfig(name, HOST, freePort(), false, List.of(HOST + ":" + masterPort), 0, null);
      vertx = Await.result(ClusteredVertx.start(config, true), MezzoProcess.START_TIMEOUT);
    }
    return vertx;
  }

  @Override
  public void close() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** An agent process and what the test needs to know of it. */
  record AgentProcess(MezzoProcess process, String id, Path workDir) {}
}
