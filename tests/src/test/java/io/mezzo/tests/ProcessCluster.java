package io.mezzo.tests;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of real processes on loopback: masters and agents, each a {@code mezzo.jar} JVM
 * on its own free ports, under a random cluster name. With several masters they elect a
 * leader through the CP subsystem. The test JVM joins as a lite member to act as a
 * framework. Liveness timeouts are short so failures show in seconds.
 */
final class ProcessCluster implements AutoCloseable {
  static final Pattern AGENT_READY = Pattern.compile("mezzo agent ready: id=(\\S+)");
  static final Pattern MASTER_READY = Pattern.compile("mezzo master ready");
  static final String HOST = Loopback.HOST;

  final String name = "test-" + UUID.randomUUID();
  final Path dir;
  /** The Hazelcast port of the first master. */
  final int masterPort;
  /** The HTTP port of the first master. */
  final int masterHttpPort;
  private final int[] clusterPorts;
  private final int[] httpPorts;
  private final int[] grpcPorts;
  private final List<String> masterArgs;
  /** Every node of the cluster detects failures alike: agents and this JVM too. */
  private final String memberTimeout;
  private final String cpSessionTtl;
  private final MezzoProcess[] masters;
  private final int[] restarts;
  private final List<MezzoProcess> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
  private Vertx vertx;
  /** Before the name of every log file of this cluster's processes. */
  private final String logPrefix;

  /** One master; see {@link #ProcessCluster(Path, int, String...)}. */
  ProcessCluster(Path dir, String... masterFlags) throws IOException {
    this(dir, 1, masterFlags);
  }

  /**
   * Starts {@code count} masters; {@code masterFlags} ({@code --flag value} pairs) are added
   * to their command lines, and replace the defaults of the same flags.
   */
  ProcessCluster(Path dir, int count, String... masterFlags) throws IOException {
    this(dir, "", count, masterFlags);
  }

  /** As {@link #ProcessCluster(Path, int, String...)}, with {@code label} before every log file's name. */
  ProcessCluster(Path dir, String label, int count, String... masterFlags) throws IOException {
    this.dir = dir;
    this.logPrefix = label.isEmpty() ? "" : label + "-";
    this.clusterPorts = new int[count];
    this.httpPorts = new int[count];
    this.grpcPorts = new int[count];
    for (int i = 0; i < count; i++) {
      clusterPorts[i] = freePort();
      httpPorts[i] = freePort();
      // A free port each, not HTTP + 3 (another process's free port): masters' gRPC ports differ.
      grpcPorts[i] = freePort();
    }
    this.masterPort = clusterPorts[0];
    this.masterHttpPort = httpPorts[0];
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--allocation-interval", "200ms");
    flags.put("--agent-ping-interval", "300ms");
    flags.put("--max-missed-pings", "3");
    flags.put("--heartbeat-interval", "1s");
    if (count > 1) {
      flags.put("--cp-member-count", Integer.toString(count));
    }
    for (int i = 0; i + 1 < masterFlags.length; i += 2) {
      flags.put(masterFlags[i], masterFlags[i + 1]);
    }
    this.memberTimeout = flags.getOrDefault("--member-timeout", ClusterConfig.DEFAULT_MEMBER_TIMEOUT.toSeconds() + "s");
    this.cpSessionTtl = flags.getOrDefault("--cp-session-ttl", ClusterConfig.DEFAULT_CP_SESSION_TTL.toSeconds() + "s");
    this.masterArgs = new ArrayList<>();
    flags.forEach((flag, value) -> masterArgs.addAll(List.of(flag, value)));
    this.masters = new MezzoProcess[count];
    this.restarts = new int[count];
    for (int i = 0; i < count; i++) {
      startMaster(i);
    }
  }

  /** The {@code host:port} list every node contacts to join: all the masters. */
  String members() {
    return IntStream.of(clusterPorts).mapToObj(port -> HOST + ":" + port).collect(Collectors.joining(","));
  }

  int masterCount() {
    return masters.length;
  }

  MezzoProcess master(int index) {
    return masters[index];
  }

  /** Starts master {@code index} (again, after a kill: same ports and work dir). */
  void startMaster(int index) throws IOException {
    List<String> args = new ArrayList<>(List.of(
        "master", "--work-dir", dir.resolve("master-" + index).toString(), "--port", Integer.toString(httpPorts[index]),
        "--grpc-port", Integer.toString(grpcPorts[index]),
        "--cluster-name", name, "--cluster-host", HOST, "--cluster-port", Integer.toString(clusterPorts[index]),
        "--members", members()));
    args.addAll(masterArgs);
    String log = logPrefix + (masters.length == 1 ? "master" : "master-" + index + (restarts[index] == 0 ? "" : "-restart-" + restarts[index]));
    restarts[index]++;
    masters[index] = MezzoProcess.start(log, MASTER_READY, args);
    processes.add(masters[index]);
  }

  /**
   * The index of the leading master: the one whose health check answers 200. Waits up to
   * {@code timeout}; fails after it.
   */
  int awaitLeader(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int leader = leader();
      if (leader >= 0) {
        return leader;
      }
      pause(200);
    }
    throw new AssertionError("no master led within " + timeout);
  }

  /** The index of the master that leads now, or -1. */
  int leader() {
    for (int i = 0; i < masters.length; i++) {
      if (healthStatus(i) == 200) {
        return i;
      }
    }
    return -1;
  }

  /** The HTTP status of master {@code index}'s health check; -1 when it does not answer. */
  int healthStatus(int index) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + httpPorts[index] + "/master/health"))
          .timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** GETs a path of master {@code index}'s HTTP API as JSON. */
  JsonObject getJson(int index, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + httpPorts[index] + path))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " on master " + index + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** GETs a path of master {@code index}'s HTTP API as text; null when it does not answer 200. */
  String getText(int index, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + httpPorts[index] + path))
          .timeout(Duration.ofSeconds(3)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Whether master {@code index} holds a seat in full CP groups: its own gauges say the groups
   * list it and {@code masterCount()} members.
   */
  boolean cpSeated(int index) {
    String scrape = getText(index, "/metrics");
    if (scrape == null) {
      return false;
    }
    io.mezzo.testing.PrometheusText metrics = io.mezzo.testing.PrometheusText.parse(scrape);
    return metrics.value("mezzo_leader_cp_seated") == 1 && metrics.value("mezzo_leader_cp_members") == masters.length;
  }

  /** Waits until every master holds its CP seat; fails after {@code timeout}. */
  void awaitFullCpGroups(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!IntStream.range(0, masters.length).allMatch(this::cpSeated)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the CP groups were not full within " + timeout);
      }
      pause(300);
    }
  }

  /** The HTTP ports of the masters, in order. */
  /** The gRPC port of master {@code index}. */
  int grpcPort(int index) {
    return grpcPorts[index];
  }

  int[] httpPorts() {
    return httpPorts.clone();
  }

  /** The epoch master {@code index} leads with, from its state. */
  long epoch(int index) throws IOException, InterruptedException {
    return getJson(index, "/master/state").getLong("epoch");
  }

  /** Sends a signal (STOP, CONT) to master {@code index} by its PID. */
  void signalMaster(int index, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + masters[index].pid()).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " of master " + index + " failed");
    }
  }

  /** Starts an agent process with its own work dir and {@code resources}; returns it and its ID. */
  AgentProcess startAgent(String label, String resources) throws IOException {
    return startAgent(logPrefix + label, dir.resolve(label), resources, freePort());
  }

  /**
   * Starts an agent process again on the work dir of {@code crashed}, as after a crash: it
   * keeps its ID, its HTTP port (where its executors reconnect, as to a Mesos agent) and takes
   * back its tasks. Its log is {@code <work dir name>-restarted.log}.
   */
  AgentProcess restartAgent(AgentProcess crashed, String resources) throws IOException {
    return startAgent(crashed.workDir().getFileName() + "-restarted", crashed.workDir(), resources, crashed.httpPort());
  }

  private AgentProcess startAgent(String logName, Path workDir, String resources, int httpPort) throws IOException {
    List<String> args = new ArrayList<>(List.of(
        "agent", "--work-dir", workDir.toString(), "--resources", resources, "--port", Integer.toString(httpPort),
        "--cluster-name", name, "--cluster-host", HOST, "--cluster-port", Integer.toString(freePort()),
        "--members", members(), "--status-update-retry-min", "1s", "--member-timeout", memberTimeout));
    if (masters.length > 1) {
      // The masters' CP settings: a master that rejoins may find an agent the oldest member.
      args.addAll(List.of("--cp-member-count", Integer.toString(masters.length), "--cp-session-ttl", cpSessionTtl));
    }
    MezzoProcess agent = MezzoProcess.start(logName, AGENT_READY, args);
    processes.add(agent);
    Matcher m = AGENT_READY.matcher(agent.readyLine());
    if (!m.find()) {
      throw new IllegalStateException("no agent ID in " + agent.readyLine());
    }
    return new AgentProcess(agent, m.group(1), workDir, httpPort);
  }

  /** The test JVM's own clustered Vert.x, a lite member like any framework. */
  Vertx frameworkVertx() throws IOException {
    if (vertx == null) {
      vertx = Await.result(ClusteredVertx.start(frameworkClusterConfig(frameworkArgs()), true), MezzoProcess.START_TIMEOUT);
    }
    return vertx;
  }

  /**
   * What a framework process needs to join this cluster, as command-line arguments for
   * {@link #frameworkClusterConfig(List)}: name, members, CP member count, timeouts.
   */
  List<String> frameworkArgs() {
    return List.of(name, members(), Integer.toString(masters.length > 1 ? masters.length : 0), memberTimeout, cpSessionTtl);
  }

  /** A framework's lite-member cluster config, from {@link #frameworkArgs()}, on a free port. */
  static ClusterConfig frameworkClusterConfig(List<String> args) throws IOException {
    return new ClusterConfig(args.get(0), HOST, freePort(), false, List.of(args.get(1).split(",")), 0, null,
        Integer.parseInt(args.get(2)), io.mezzo.config.Durations.parse(args.get(3)),
        io.mezzo.config.Durations.parse(args.get(4)), false);
  }

  @Override
  public void close() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
    // Stop everything at once: masters leaving one by one would each wait for the others.
    processes.forEach(MezzoProcess::terminate);
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  static int freePort() throws IOException {
    return Loopback.freePort();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An agent process and what the test needs to know of it. */
  record AgentProcess(MezzoProcess process, String id, Path workDir, int httpPort) {}
}
