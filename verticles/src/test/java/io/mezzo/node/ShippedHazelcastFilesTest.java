package io.mezzo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code config/cluster-master.xml} and {@code cluster-agent.xml} say what Mezzo configures by
 * itself: TCP-IP join without multicast, agents as lite members, and the same timeouts, state
 * map backups and CP settings as the programmatic configuration of a three-master cluster.
 */
class ShippedHazelcastFilesTest {
  static final Path CONFIG = Path.of("..", "config");
  static final List<String> MASTERS = List.of("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701");

  private static ClusterConfig threeMasters(String file) {
    return new ClusterConfig("mezzo", "10.0.0.1", 5701, true, MASTERS, 0,
        file == null ? null : CONFIG.resolve(file).toString(), 3, ClusterConfig.DEFAULT_MEMBER_TIMEOUT,
        ClusterConfig.DEFAULT_CP_SESSION_TTL, true);
  }

  @Test
  void masterFileMatchesTheBuiltInConfiguration() throws Exception {
    Config file = ClusteredVertx.hazelcastConfig(threeMasters("cluster-master.xml"), false);
    Config builtIn = ClusteredVertx.hazelcastConfig(threeMasters(null), false);

    assertFalse(file.isLiteMember());
    assertSameCluster(builtIn, file);
    assertEquals(builtIn.getCPSubsystemConfig().toString(), file.getCPSubsystemConfig().toString());
    assertEquals(builtIn.getMapConfig("mezzo.state.tasks").getBackupCount(), file.getMapConfig("mezzo.state.tasks").getBackupCount());
    assertEquals(2, file.getMapConfig("mezzo.state.tasks").getBackupCount());
  }

  @Test
  void agentFileMakesALiteMemberOfTheSameCluster() throws Exception {
    Config file = ClusteredVertx.hazelcastConfig(threeMasters("cluster-agent.xml"), true);
    Config builtIn = ClusteredVertx.hazelcastConfig(threeMasters(null), true);

    assertTrue(file.isLiteMember());
    assertSameCluster(builtIn, file);
  }

  @Test
  void aFileWhoseCpSettingsContradictTheClusterSectionIsRefused() {
    ClusterConfig oneMaster = new ClusterConfig("mezzo", "10.0.0.1", 5701, true, MASTERS, 0,
        CONFIG.resolve("cluster-master.xml").toString(), 0, Duration.ofSeconds(3), Duration.ofSeconds(3), true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusteredVertx.hazelcastConfig(oneMaster, false));
    assertTrue(e.getMessage().contains("cluster.cp_member_count"), e.getMessage());
  }

  private static void assertSameCluster(Config builtIn, Config file) {
    assertEquals(builtIn.getClusterName(), file.getClusterName());
    JoinConfig join = file.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled(), "no multicast");
    assertFalse(join.getAutoDetectionConfig().isEnabled(), "no auto-detection");
    assertTrue(join.getTcpIpConfig().isEnabled(), "TCP-IP join");
    assertEquals(MASTERS, join.getTcpIpConfig().getMembers());
    for (String property : List.of("hazelcast.heartbeat.interval.seconds", "hazelcast.max.no.heartbeat.seconds",
        "hazelcast.operation.call.timeout.millis", "hazelcast.merge.first.run.delay.seconds",
        "hazelcast.merge.next.run.delay.seconds", "hazelcast.graceful.shutdown.max.wait", "hazelcast.phone.home.enabled")) {
      assertEquals(builtIn.getProperty(property), file.getProperty(property), property);
    }
    assertEquals(builtIn.getMultiMapConfig("__vertx.subs").getBackupCount(), file.getMultiMapConfig("__vertx.subs").getBackupCount());
  }
}
