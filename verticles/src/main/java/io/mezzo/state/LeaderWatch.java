package io.mezzo.state;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.mezzo.v1.internal.LeaderRecord;
import java.util.function.Supplier;

/**
 * Knows which master leads, from the cluster metadata the leader publishes: how a standby
 * finds where to redirect. Updated by a map listener, so reading it never blocks; forgotten
 * when the member that published it leaves the cluster, so standbys never send clients to a
 * dead leader.
 */
public final class LeaderWatch implements Supplier<LeaderRecord> {
  private volatile LeaderRecord leader;

  private LeaderWatch() {}

  /** Starts watching; blocking (it reads the current leader once). */
  public static LeaderWatch start(HazelcastInstance hazelcast) {
    LeaderWatch watch = new LeaderWatch();
    IMap<String, byte[]> meta = hazelcast.getMap(StateMaps.META);
    Listener listener = watch.new Listener();
    meta.addEntryListener(listener, StateMaps.LEADER_KEY, true);
    hazelcast.getCluster().addMembershipListener(new MembershipAdapter() {
      @Override
      public void memberRemoved(MembershipEvent event) {
        LeaderRecord current = watch.leader;
        if (current != null && event.getMember().getUuid().toString().equals(current.getMemberUuid())) {
          watch.leader = null;
        }
      }
    });
    if (watch.leader == null) {
      watch.leader = HazelcastStateStore.leader(hazelcast);
    }
    return watch;
  }

  /** The last published leader, or null. */
  @Override
  public LeaderRecord get() {
    return leader;
  }

  private final class Listener implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      update(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      update(event);
    }

    private void update(EntryEvent<String, byte[]> event) {
      LeaderRecord record = HazelcastStateStore.parseLeader(event.getValue());
      if (record != null) {
        leader = record;
      }
    }
  }
}
