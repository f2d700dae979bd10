package io.mezzo.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import io.mezzo.v1.internal.LeaderRecord;
import io.mezzo.v1.internal.StateRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated master state in Hazelcast maps held by the master members. Every write is a
 * {@link FencedWrite} carrying this term's epoch, run atomically where the entry lives; a
 * refused write means a later leader exists, and {@code onFenced} is told at once.
 */
public final class HazelcastStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastStateStore.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final long epoch;
  private final Runnable onFenced;
  private final IMap<String, byte[]> agents;
  private final IMap<String, byte[]> frameworks;
  private final IMap<String, byte[]> tasks;
  private final IMap<String, byte[]> meta;

  public HazelcastStateStore(Vertx vertx, HazelcastInstance hazelcast, long epoch, Runnable onFenced) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.epoch = epoch;
    this.onFenced = onFenced;
    this.agents = hazelcast.getMap(StateMaps.AGENTS);
    this.frameworks = hazelcast.getMap(StateMaps.FRAMEWORKS);
    this.tasks = hazelcast.getMap(StateMaps.TASKS);
    this.meta = hazelcast.getMap(StateMaps.META);
  }

  @Override
  public Future<Snapshot> claimAndLoad() {
    // Map-wide operations block until every partition answered: a worker's job.
    return vertx.executeBlocking(
        () -> {
          for (IMap<String, byte[]> map : List.of(agents, frameworks, tasks)) {
            map.executeOnEntries(new FencedClaim(epoch));
          }
          return new Snapshot(
              read(agents, AgentRecord.parser()), read(frameworks, FrameworkRecord.parser()), read(tasks, Task.parser()));
        },
        false);
  }

  private static <T extends Message> Map<String, T> read(IMap<String, byte[]> map, Parser<T> parser) {
    Map<String, T> values = new HashMap<>();
    for (Map.Entry<String, byte[]> entry : map.entrySet()) {
      try {
        values.put(entry.getKey(), parser.parseFrom(StateRecord.parseFrom(entry.getValue()).getData()));
      } catch (InvalidProtocolBufferException e) {
        LOG.error("skipping unreadable state entry {} of {}", entry.getKey(), map.getName());
      }
    }
    return values;
  }

  @Override
  public void putAgent(String agentId, AgentRecord agent) {
    write(agents, agentId, agent.toByteArray());
  }

  @Override
  public void putFramework(String frameworkId, FrameworkRecord framework) {
    write(frameworks, frameworkId, framework.toByteArray());
  }

  @Override
  public void putTask(String frameworkId, String taskId, Task task) {
    write(tasks, StateMaps.taskKey(frameworkId, taskId), task.toByteArray());
  }

  @Override
  public void removeTask(String frameworkId, String taskId) {
    write(tasks, StateMaps.taskKey(frameworkId, taskId), null);
  }

  @Override
  public void putLeader(MasterInfo leader, int grpcPort) {
    LeaderRecord record = LeaderRecord.newBuilder()
        .setInfo(leader)
        .setGrpcPort(Math.max(grpcPort, 0))
        .setMemberUuid(hazelcast.getCluster().getLocalMember().getUuid().toString())
        .build();
    write(meta, StateMaps.LEADER_KEY, record.toByteArray());
  }

  private void write(IMap<String, byte[]> map, String key, byte[] data) {
    map.submitToKey(key, new FencedWrite(epoch, data))
        .whenComplete(
            (written, error) -> {
              if (error != null) {
                LOG.warn("could not replicate {} {}: {}", map.getName(), key, error.toString());
              } else if (!written) {
                LOG.warn("write of {} {} refused: a leader with a later epoch than {} exists", map.getName(), key, epoch);
                onFenced.run();
              }
            });
  }

  /** The leader published in the cluster metadata, or null. Blocking. */
  public static LeaderRecord leader(HazelcastInstance hazelcast) {
    byte[] stored = hazelcast.<String, byte[]>getMap(StateMaps.META).get(StateMaps.LEADER_KEY);
    return stored == null ? null : parseLeader(stored);
  }

  /** The leader record in a stored metadata value, or null when unreadable. */
  static LeaderRecord parseLeader(byte[] stored) {
    try {
      return LeaderRecord.parseFrom(StateRecord.parseFrom(stored).getData());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
