package io.mezzo.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The masters that are up, leader and standbys, as every master publishes itself. */
class MasterRosterTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static MasterInfo http(int port) {
    return MasterInfo.newBuilder().setHostname(LocalCluster.HOST).setPort(port).build();
  }

  static List<Integer> ports(MasterRoster roster) {
    return roster.list().stream().map(entry -> entry.info().getPort()).sorted().toList();
  }

  @Test
  void mastersComeAndGoWithTheirMembers() throws Exception {
    String name = "roster-" + UUID.randomUUID();
    int first = freePort();
    List<String> members = List.of(LocalCluster.HOST + ":" + first);
    Vertx a = Await.result(ClusteredVertx.start(new ClusterConfig(name, LocalCluster.HOST, first, false, members, 0, null), false), WAIT);
    Vertx b = null;
    Vertx agent = null;
    try {
      b = Await.result(ClusteredVertx.start(new ClusterConfig(name, LocalCluster.HOST, freePort(), false, members, 0, null), false), WAIT);
      // Agents join as lite members: never masters, even with an entry of their own.
      agent = Await.result(ClusteredVertx.start(new ClusterConfig(name, LocalCluster.HOST, freePort(), false, members, 0, null), true), WAIT);
      MasterRoster rosterA = MasterRoster.of(a);
      MasterRoster rosterB = MasterRoster.of(b);
      Await.result(rosterA.join(http(5050)));
      Await.result(rosterB.join(http(5051)));
      Await.result(MasterRoster.of(agent).join(http(5099)));

      assertEquals(name, rosterA.clusterName());
      assertEquals(List.of(5050, 5051), ports(rosterA));
      assertEquals(List.of(5050), rosterA.list().stream().filter(MasterRoster.Entry::self).map(e -> e.info().getPort()).toList());
      assertEquals(List.of(5051), rosterB.list().stream().filter(MasterRoster.Entry::self).map(e -> e.info().getPort()).toList());

      Await.result(rosterB.leave());
      assertEquals(List.of(5050), ports(rosterA));
      Await.result(rosterB.join(http(5051)));
      Await.result(b.close(), WAIT);
      b = null;
      Await.until("the stopped master gone from the roster", WAIT, () -> ports(rosterA).equals(List.of(5050)));
    } finally {
      for (Vertx node : new Vertx[] {agent, b, a}) {
        if (node != null) {
          Await.result(node.close(), WAIT);
        }
      }
    }
  }

  @Test
  void withoutAClusterTheRosterIsThisMaster() {
    Vertx vertx = Vertx.vertx();
    try {
      MasterRoster roster = MasterRoster.of(vertx);
      assertEquals(List.of(), roster.list());
      Await.result(roster.join(http(5050)));
      assertEquals(List.of(new MasterRoster.Entry(http(5050), true)), roster.list());
      assertNull(roster.clusterName());
    } finally {
      Await.result(vertx.close());
    }
  }
}
