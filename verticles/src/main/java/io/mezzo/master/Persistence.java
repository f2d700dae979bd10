package io.mezzo.master;

import io.mezzo.master.core.MasterState;
import io.mezzo.master.core.TaskKey;
import io.mezzo.state.StateStore;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes the master's changes to the replicated state. Changes are collected during one
 * turn of the event loop and written at its end, so an entity changed several times by one
 * call is written once.
 */
final class Persistence implements MasterState.Listener {
  private final Vertx vertx;
  private final StateStore store;
  private final Map<String, Supplier<AgentRecord>> agents = new LinkedHashMap<>();
  private final Map<String, Supplier<FrameworkRecord>> frameworks = new LinkedHashMap<>();
  private final Map<TaskKey, Supplier<Task>> tasks = new LinkedHashMap<>();
  private final Set<TaskKey> removedTasks = new LinkedHashSet<>();
  private boolean scheduled;

  Persistence(Vertx vertx, StateStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  @Override
  public void agentChanged(String agentId, Supplier<AgentRecord> record) {
    agents.put(agentId, record);
    schedule();
  }

  @Override
  public void frameworkChanged(String frameworkId, Supplier<FrameworkRecord> record) {
    frameworks.put(frameworkId, record);
    schedule();
  }

  @Override
  public void taskChanged(TaskKey task, Supplier<Task> latest) {
    removedTasks.remove(task);
    tasks.put(task, latest);
    schedule();
  }

  @Override
  public void taskRemoved(TaskKey task) {
    tasks.remove(task);
    removedTasks.add(task);
    schedule();
  }

  private void schedule() {
    if (!scheduled) {
      scheduled = true;
      vertx.runOnContext(v -> flush());
    }
  }

  /** Writes everything changed since the last flush. */
  void flush() {
    scheduled = false;
    agents.forEach((id, record) -> store.putAgent(id, record.get()));
    frameworks.forEach((id, record) -> store.putFramework(id, record.get()));
    tasks.forEach((task, latest) -> store.putTask(task.frameworkId(), task.taskId(), latest.get()));
    removedTasks.forEach(task -> store.removeTask(task.frameworkId(), task.taskId()));
    agents.clear();
    frameworks.clear();
    tasks.clear();
    removedTasks.clear();
  }
}
