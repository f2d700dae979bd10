package io.mezzo.cli;

import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentVerticle;
import io.mezzo.node.ClusterConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mezzo agent}: runs one agent node, a lite member of the cluster. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run an agent node.")
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (sections cluster and agent).")
  Path config;

  @Mixin AgentOptions agent = new AgentOptions();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    Flags flags = new Flags();
    agent.addTo(flags);
    cluster.addTo(flags);
    http.addTo(flags, "agent");
    JsonObject merged = ConfigLayers.load(config, System.getenv(), flags.toJson(), List.of("cluster", "agent"));
    ClusterConfig clusterConfig = ClusterConfig.fromJson(merged.getJsonObject("cluster"));
    AgentConfig agentConfig = AgentConfig.fromJson(merged.getJsonObject("agent"));
    return NodeRunner.run(
        clusterConfig,
        true,
        vertx -> {
          AgentVerticle verticle = new AgentVerticle(agentConfig, clusterConfig.host());
          return vertx.deployVerticle(verticle).map(id -> "mezzo agent ready: id=" + verticle.agentId());
        },
        System.out);
  }
}
