package io.mezzo.master;

import com.hazelcast.core.HazelcastInstance;
import io.mezzo.leader.CpSeat;
import io.mezzo.leader.FencedLockContender;
import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.SoloContender;
import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.state.HazelcastStateStore;
import io.mezzo.state.LeaderWatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Builds the master node that fits a cluster's configuration. */
public final class MasterNodes {
  private MasterNodes() {}

  /**
   * A master on a clustered Vert.x: elected by the CP fenced lock when the cluster has
   * {@code cp_member_count} masters, alone otherwise; its state replicated in Hazelcast.
   *
   * @param rejoin asks for this node to leave the cluster and join it again as a new member
   *     (its CP seat was taken away while it lived; see {@link CpSeat})
   */
  public static Future<MasterNode> clustered(Vertx vertx, MasterConfig config, ClusterConfig cluster, Runnable rejoin) {
    HazelcastInstance hazelcast = ClusteredVertx.hazelcast(vertx);
    if (hazelcast == null) {
      return Future.failedFuture(new IllegalStateException("a clustered master needs Vert.x on Hazelcast"));
    }
    CpSeat seat = cluster.cpMemberCount() > 0 ? new CpSeat(hazelcast, cluster.cpMemberCount(), rejoin) : null;
    LeaderContender contender = seat != null
        ? new FencedLockContender(vertx, hazelcast, config.workDir(), cluster, seat)
        : new SoloContender(vertx, config.workDir());
    return vertx.executeBlocking(() -> LeaderWatch.start(hazelcast), false)
        .map(watch -> {
          MasterNode node = new MasterNode(vertx, config, cluster.host(), contender,
              (epoch, onFenced) -> new HazelcastStateStore(vertx, hazelcast, epoch, onFenced), watch);
          if (seat != null) {
            node.metrics().cpSeat(seat::members, seat::seated);
            seat.start();
          }
          return node;
        });
  }
}
