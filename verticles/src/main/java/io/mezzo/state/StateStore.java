package io.mezzo.state;

import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The master state kept outside any one master, so that a new leader starts from where the
 * last one stopped. One store per leadership term: every write carries the term's epoch.
 * Writes are asynchronous and never block the caller.
 */
public interface StateStore {
  /** Everything a new leader needs, by key. */
  record Snapshot(Map<String, AgentRecord> agents, Map<String, FrameworkRecord> frameworks, Map<String, Task> tasks) {
    public static Snapshot empty() {
      return new Snapshot(Map.of(), Map.of(), Map.of());
    }
  }

  /** Stamps the whole state with this term's epoch, then reads it. */
  Future<Snapshot> claimAndLoad();

  void putAgent(String agentId, AgentRecord agent);

  void putFramework(String frameworkId, FrameworkRecord framework);

  void putTask(String frameworkId, String taskId, Task task);

  void removeTask(String frameworkId, String taskId);

  /**
   * Publishes this node as the leader, for standbys to redirect to.
   *
   * @param grpcPort the port of the leader's gRPC API, 0 when it serves none
   */
  void putLeader(MasterInfo leader, int grpcPort);

  /** A store that keeps nothing: a single master on a Vert.x without a cluster. */
  static StateStore none() {
    return NoStateStore.INSTANCE;
  }
}
