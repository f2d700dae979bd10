package io.mezzo.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.mezzo.bus.Codecs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;

/** Starts a clustered Vert.x whose cluster manager is a Hazelcast member built from a {@link ClusterConfig}. */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  /**
   * Joins the cluster. Masters are data members; agents and frameworks are lite members,
   * which hold no cluster data, so losing one loses nothing.
   */
  public static Future<Vertx> start(ClusterConfig cluster, boolean liteMember) {
    Config hazelcast;
    try {
      hazelcast = hazelcastConfig(cluster, liteMember);
    } catch (FileNotFoundException e) {
      return Future.failedFuture(new IllegalArgumentException("Hazelcast config file not found: " + e.getMessage()));
    }
    VertxOptions options =
        new VertxOptions()
            .setEventBusOptions(
                new EventBusOptions()
                    .setHost(cluster.host())
                    .setPort(cluster.eventBusPort())
                    .setClusterPublicHost(cluster.host()));
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .onSuccess(Codecs::register);
  }

  /** The Hazelcast configuration for this node. */
  static Config hazelcastConfig(ClusterConfig cluster, boolean liteMember) throws FileNotFoundException {
    if (cluster.hazelcastConfig() != null) {
      // An operator's own file decides the network and the join; only the member kind is ours.
      Config config = new FileSystemXmlConfig(cluster.hazelcastConfig());
      config.setLiteMember(liteMember);
      return config;
    }
    // Vert.x's own config holds the settings of its subscription maps; start from it.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setLiteMember(liteMember);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    // The default waits 5 s before joining; with a TCP-IP member list there is nothing to wait for.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(cluster.portAutoIncrement()).setPortCount(100);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(cluster.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(cluster.members());
    return config;
  }
}
