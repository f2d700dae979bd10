package io.mezzo.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which masters are up, leader and standbys alike, and where their HTTP APIs listen. Every
 * master node publishes its own address under its Hazelcast member ID when its HTTP API
 * starts; a master counts as up while its member is in the cluster, so one that died drops
 * out with its member. Without a cluster (a standalone master) the roster is this node.
 *
 * <p>{@link #list()} and {@link #clusterName()} read Hazelcast: call them on a worker.
 */
public final class MasterRoster {
  /** One master: its HTTP address, and whether it is the node that asks. */
  public record Entry(MasterInfo info, boolean self) {}

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private volatile MasterInfo self;

  private MasterRoster(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
  }

  /** The roster of the cluster {@code vertx} is a member of, or of this node alone. */
  public static MasterRoster of(Vertx vertx) {
    return new MasterRoster(Objects.requireNonNull(vertx, "vertx"), ClusteredVertx.hazelcast(vertx));
  }

  /**
   * Publishes this node's HTTP address; also drops the entries of members that left, so the
   * map never outgrows the masters that ever ran at once.
   */
  public Future<Void> join(MasterInfo info) {
    self = Objects.requireNonNull(info, "info");
    if (hazelcast == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      IMap<String, byte[]> map = hazelcast.getMap(StateMaps.MASTERS);
      map.put(localMember(), info.toByteArray());
      Set<String> present = memberIds();
      for (String member : map.keySet()) {
        if (!present.contains(member)) {
          map.remove(member);
        }
      }
      return null;
    }, false);
  }

  /** Removes this node's entry, when its HTTP API stops. */
  public Future<Void> leave() {
    if (hazelcast == null || self == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      hazelcast.getMap(StateMaps.MASTERS).remove(localMember());
      return null;
    }, false);
  }

  /** The masters that are up, sorted by their member ID (a stable order); blocking. */
  public List<Entry> list() {
    MasterInfo me = self;
    if (hazelcast == null) {
      return me == null ? List.of() : List.of(new Entry(me, true));
    }
    Set<String> members = memberIds();
    IMap<String, byte[]> map = hazelcast.getMap(StateMaps.MASTERS);
    Map<String, byte[]> entries = new TreeMap<>(map.getAll(members));
    String local = localMember();
    List<Entry> masters = new ArrayList<>();
    entries.forEach((member, bytes) -> {
      try {
        masters.add(new Entry(MasterInfo.parseFrom(bytes), member.equals(local)));
      } catch (InvalidProtocolBufferException e) {
        // Written by another version of Mezzo: that master is left out rather than misread.
      }
    });
    return masters;
  }

  /** The name of the cluster, or null without one; blocking. */
  public String clusterName() {
    return hazelcast == null ? null : hazelcast.getConfig().getClusterName();
  }

  private String localMember() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** The data members, which are the masters: agents and frameworks join as lite members. */
  private Set<String> memberIds() {
    Set<String> ids = new HashSet<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        ids.add(member.getUuid().toString());
      }
    }
    return ids;
  }
}
