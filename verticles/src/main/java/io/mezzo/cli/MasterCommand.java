package io.mezzo.cli;

import io.mezzo.master.MasterConfig;
import io.mezzo.master.MasterNode;
import io.mezzo.master.MasterNodes;
import io.vertx.core.Future;
import io.mezzo.node.ClusterConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mezzo master}: runs one master node. */
@Command(name = "master", mixinStandardHelpOptions = true, description = "Run a master node.")
final class MasterCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (sections cluster and master).")
  Path config;

  @Mixin MasterOptions master = new MasterOptions();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Mixin HttpOptions http = new HttpOptions();

  @Override
  public Integer call() throws Exception {
    Flags flags = new Flags();
    master.addTo(flags);
    cluster.addTo(flags);
    http.addTo(flags, "master");
    JsonObject merged = ConfigLayers.load(config, System.getenv(), flags.toJson(), List.of("cluster", "master"));
    ClusterConfig clusterConfig = ClusterConfig.fromJson(merged.getJsonObject("cluster"));
    MasterConfig masterConfig = MasterConfig.fromJson(merged.getJsonObject("master"));
    AtomicReference<MasterNode> running = new AtomicReference<>();
    return NodeRunner.runRejoining(
        clusterConfig,
        false,
        (vertx, rejoin) -> MasterNodes.clustered(vertx, masterConfig, clusterConfig, rejoin).compose(node -> {
          running.set(node);
          // A single master leads at once; one of several may stand by for a while.
          Future<Void> ready = clusterConfig.cpMemberCount() > 0 ? node.start() : node.start().compose(v -> node.elected());
          return ready.map(v -> "mezzo master ready: " + (node.leading() ? "leading with epoch " + node.epoch() : "standing by")
              + ", HTTP on " + clusterConfig.host() + ":" + node.httpPort());
        }),
        // Leave the election first: a leader that stops gives its lock back at once.
        () -> {
          MasterNode node = running.getAndSet(null);
          return node == null ? Future.succeededFuture() : node.stop();
        },
        System.out);
  }
}
