package io.mezzo.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.StateRecord;
import java.util.function.Supplier;

/**
 * Knows which master leads, from the cluster metadata the leader publishes: how a standby
 * finds where to redirect. Updated by a map listener, so reading it never blocks.
 */
public final class LeaderWatch implements Supplier<MasterInfo> {
  private volatile MasterInfo leader;

  private LeaderWatch() {}

  /** Starts watching; blocking (it reads the current leader once). */
  public static LeaderWatch start(HazelcastInstance hazelcast) {
    LeaderWatch watch = new LeaderWatch();
    IMap<String, byte[]> meta = hazelcast.getMap(StateMaps.META);
    Listener listener = watch.new Listener();
    meta.addEntryListener(listener, StateMaps.LEADER_KEY, true);
    watch.leader = HazelcastStateStore.leader(hazelcast);
    return watch;
  }

  /** The last published leader, or null. */
  @Override
  public MasterInfo get() {
    return leader;
  }

  private final class Listener implements EntryAddedListener<String, byte[]>, EntryUpdatedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      update(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      update(event.getValue());
    }

    private void update(byte[] stored) {
      try {
        leader = MasterInfo.parseFrom(StateRecord.parseFrom(stored).getData());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        // Keep the last readable one.
      }
    }
  }
}
