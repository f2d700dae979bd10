package io.mezzo.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.cp.CPSubsystemConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.mezzo.bus.Codecs;
import io.mezzo.metrics.RuntimeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.util.List;

/** Starts a clustered Vert.x whose cluster manager is a Hazelcast member built from a {@link ClusterConfig}. */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  /**
   * Joins the cluster. Masters are data members; agents and frameworks are lite members,
   * which hold no cluster data, so losing one loses nothing. The instance measures its HTTP
   * servers, event bus and JVM ({@link RuntimeMetrics}).
   */
  public static Future<Vertx> start(ClusterConfig cluster, boolean liteMember) {
    Config hazelcast;
    try {
      hazelcast = hazelcastConfig(cluster, liteMember);
    } catch (FileNotFoundException e) {
      return Future.failedFuture(new IllegalArgumentException("Hazelcast config file not found: " + e.getMessage()));
    } catch (RuntimeException e) {
      // An invalid XML file, or one that contradicts the cluster section.
      return Future.failedFuture(new IllegalArgumentException(
          "Hazelcast config file " + cluster.hazelcastConfig() + ": " + e.getMessage(), e));
    }
    VertxOptions options =
        new VertxOptions()
            .setEventBusOptions(
                new EventBusOptions()
                    .setHost(cluster.host())
                    .setPort(cluster.eventBusPort())
                    .setClusterPublicHost(cluster.host()));
    return RuntimeMetrics.builder(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .onSuccess(Codecs::register);
  }

  /** The Hazelcast member under a clustered Vert.x, or null for a Vert.x without a cluster. */
  public static HazelcastInstance hazelcast(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.clusterManager() instanceof HazelcastClusterManager manager) {
      return manager.getHazelcastInstance();
    }
    return null;
  }

  /** The Hazelcast configuration for this node. */
  static Config hazelcastConfig(ClusterConfig cluster, boolean liteMember) throws FileNotFoundException {
    if (cluster.hazelcastConfig() != null) {
      // An operator's own file decides the network and the join; only the member kind is ours.
      Config config = new FileSystemXmlConfig(cluster.hazelcastConfig());
      config.setLiteMember(liteMember);
      // The leader election reads the CP settings from the cluster section; a file that
      // disagrees would leave masters electing by rules the CP subsystem does not follow.
      CPSubsystemConfig cp = config.getCPSubsystemConfig();
      if (!liteMember && (cp.getCPMemberCount() != cluster.cpMemberCount()
          || (cluster.cpMemberCount() > 0 && cp.getSessionTimeToLiveSeconds() != cluster.cpSessionTtl().toSeconds()))) {
        throw new IllegalArgumentException("its cp-member-count " + cp.getCPMemberCount() + " and session-time-to-live-seconds "
            + cp.getSessionTimeToLiveSeconds() + " must equal cluster.cp_member_count (" + cluster.cpMemberCount()
            + ") and cluster.cp_session_ttl (" + cluster.cpSessionTtl().toSeconds() + " s)");
      }
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
    // Hazelcast notices a dead member after 60 s by default; a master failover must take less
    // than 5 s, so members heartbeat every second and go after memberTimeout of silence.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(cluster.memberTimeout().toSeconds()));
    // Calls wait up to 60 s by default (a CP call while the CP subsystem has no majority);
    // 15 s is ample on a LAN and keeps a stuck call from hiding a failure for a minute.
    config.setProperty("hazelcast.operation.call.timeout.millis", "15000");
    // Leaving waits up to 10 minutes for partition migrations by default; a node stopping
    // with its peers already gone would hang that long.
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    // A member cut off for a while (a partition, SIGSTOP) forms a cluster of its own; merge
    // it back within seconds rather than the default 5 minutes.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.addMapConfig(stateMaps(cluster));
    if (cluster.cpMemberCount() > 0) {
      // Lite members never become CP members, but with the same settings they can look in.
      config.setCPSubsystemConfig(cpSubsystem(cluster));
    }
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(cluster.portAutoIncrement()).setPortCount(100);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(cluster.members());
    return config;
  }

  /**
   * The maps that hold the replicated master state: with several masters every entry has two
   * backups, so that losing one master (even the leader) loses nothing.
   */
  static MapConfig stateMaps(ClusterConfig cluster) {
    int backups = cluster.cpMemberCount() >= 3 ? 2 : 1;
    return new MapConfig(STATE_MAPS).setBackupCount(backups).setAsyncBackupCount(0).setReadBackupData(false);
  }

  /**
   * The CP subsystem of the masters, which elects the leader. Hazelcast's defaults keep a
   * crashed leader's lock for 5 minutes; these keep it for {@code cpSessionTtl}, and let the
   * Raft groups notice a lost group leader within about a second.
   */
  static CPSubsystemConfig cpSubsystem(ClusterConfig cluster) {
    int ttl = (int) cluster.cpSessionTtl().toSeconds();
    CPSubsystemConfig cp = new CPSubsystemConfig()
        .setCPMemberCount(cluster.cpMemberCount())
        .setGroupSize(cluster.cpMemberCount())
        .setSessionHeartbeatIntervalSeconds(1)
        .setSessionTimeToLiveSeconds(ttl)
        // A restarted master is a new member; the old one leaves the CP groups after this.
        .setMissingCPMemberAutoRemovalSeconds(Math.max(ttl, (int) cluster.memberTimeout().toSeconds()) + 2)
        .setFailOnIndeterminateOperationState(true);
    cp.getRaftAlgorithmConfig()
        .setLeaderHeartbeatPeriodInMillis(300)
        .setMaxMissedLeaderHeartbeatCount(3)
        .setLeaderElectionTimeoutInMillis(1000);
    return cp;
  }

  /** The name pattern of the replicated state maps. */
  public static final String STATE_MAPS = "mezzo.state.*";
}
