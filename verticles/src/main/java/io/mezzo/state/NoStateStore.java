package io.mezzo.state;

import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import io.vertx.core.Future;

/** The state store of a master without a cluster: nothing outlives it. */
final class NoStateStore implements StateStore {
  static final NoStateStore INSTANCE = new NoStateStore();

  private NoStateStore() {}

  @Override
  public Future<Snapshot> claimAndLoad() {
    return Future.succeededFuture(Snapshot.empty());
  }

  @Override
  public void putAgent(String agentId, AgentRecord agent) {}

  @Override
  public void putFramework(String frameworkId, FrameworkRecord framework) {}

  @Override
  public void putTask(String frameworkId, String taskId, Task task) {}

  @Override
  public void removeTask(String frameworkId, String taskId) {}

  @Override
  public void putLeader(MasterInfo leader, int grpcPort) {}
}
