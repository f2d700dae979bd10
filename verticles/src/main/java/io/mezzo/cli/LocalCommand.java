package io.mezzo.cli;

import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentVerticle;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.MasterNodes;
import io.mezzo.node.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mezzo local}: a whole cluster in one JVM, one master and one agent, for a first look and for development. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = "Run a single-node cluster: a master and an agent in one process.")
final class LocalCommand implements Callable<Integer> {
  /** The longest grace period a task gets when {@code mezzo local} stops. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (sections cluster, master, agent).")
  Path config;

  @Option(names = "--port", paramLabel = "PORT", description = "The master's HTTP port (default: 5050).")
  Integer port;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "The master's gRPC port (default: the HTTP port + 3, 5053; -1: no gRPC).")
  Integer grpcPort;

  @Option(names = "--agent-port", paramLabel = "PORT", description = "The agent's HTTP port (default: 5051).")
  Integer agentPort;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Base directory; the master uses DIR/master, the agent DIR/agent.")
  Path workDir;

  @Option(names = "--resources", paramLabel = "RESOURCES", description = "The agent's resources, e.g. cpus:4;mem:8192.")
  String resources;

  @Option(names = "--attributes", paramLabel = "ATTRIBUTES", description = "The agent's attributes, e.g. rack:a.")
  String attributes;

  @Option(names = "--keep-tasks",
      description = "Leave running tasks running when stopped (default: stop them, as a development cluster should).")
  boolean keepTasks;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  /** One pair of timeouts for both HTTP servers of the process. */
  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    Flags flags = new Flags();
    cluster.addTo(flags);
    http.addTo(flags, "master", "agent");
    flags.put("master", "port", port)
        .put("master", "grpc_port", grpcPort)
        .put("agent", "port", agentPort)
        .put("agent", "resources", resources)
        .put("agent", "attributes", attributes);
    if (workDir != null) {
      flags.put("master", "work_dir", workDir.resolve("master")).put("agent", "work_dir", workDir.resolve("agent"));
    }
    JsonObject merged = ConfigLayers.load(config, System.getenv(), flags.toJson(), ConfigLayers.ALL_SECTIONS);
    ClusterConfig clusterConfig = ClusterConfig.fromJson(merged.getJsonObject("cluster"));
    MasterConfig masterConfig = MasterConfig.fromJson(merged.getJsonObject("master"));
    JsonObject agentSection = merged.getJsonObject("agent");
    if (!agentSection.containsKey("switch_user")) {
      // A development cluster on one's own machine: tasks run as whoever started it, as they
      // did before there were task users (an agent node defaults to switching users).
      agentSection.put("switch_user", false);
    }
    AgentConfig agentConfig = AgentConfig.fromJson(agentSection);
    AgentVerticle agent = new AgentVerticle(agentConfig, clusterConfig.host());
    return NodeRunner.run(
        clusterConfig,
        false,
        vertx -> MasterNodes.clustered(vertx, masterConfig, clusterConfig, NodeRunner.NO_REJOIN)
            .compose(master -> master.start().compose(v -> master.elected()).map(master))
            .compose(master -> vertx.deployVerticle(agent).map(id -> "mezzo local ready: master epoch=" + master.epoch()
                + " agent=" + agent.agentId() + ", dashboard and API on http://" + clusterConfig.host() + ":"
                + master.httpPort() + "/")),
        // Unlike an agent node's, whose tasks outlive it to be taken back, a development
        // cluster's tasks would otherwise be left running under PID 1 with nobody to end them.
        () -> keepTasks ? Future.succeededFuture() : agent.stopTasks(STOP_GRACE),
        System.out);
  }
}
