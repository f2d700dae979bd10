package io.mezzo.master;

import io.mezzo.state.StateStore;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the master's changes to the replicated state. Changes are collected during one
 * turn of the event loop and written at its end, so an entity changed several times by one
 * call is written once.
 */
final class Persistence implements MasterState.Listener {
  private final Vertx vertx;
  private final StateStore store;
  private final Map<String, AgentEntry> agents = new LinkedHashMap<>();
  private final Map<String, FrameworkEntry> frameworks = new LinkedHashMap<>();
  private final Map<TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
  private final Set<TaskKey> removedTasks = new LinkedHashSet<>();
  private boolean scheduled;

  Persistence(Vertx vertx, StateStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  @Override
  public void agentChanged(AgentEntry agent) {
    agents.put(agent.id, agent);
    schedule();
  }

  @Override
  public void frameworkChanged(FrameworkEntry framework) {
    frameworks.put(framework.id, framework);
    schedule();
  }

  @Override
  public void taskChanged(TaskEntry task) {
    removedTasks.remove(task.key);
    tasks.put(task.key, task);
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
    agents.values().forEach(agent -> store.putAgent(agent.id, record(agent)));
    frameworks.values().forEach(framework -> store.putFramework(framework.id, record(framework)));
    tasks.values().forEach(task -> store.putTask(task.key.frameworkId(), task.key.taskId(), task.task));
    removedTasks.forEach(task -> store.removeTask(task.frameworkId(), task.taskId()));
    agents.clear();
    frameworks.clear();
    tasks.clear();
    removedTasks.clear();
  }

  static AgentRecord record(AgentEntry agent) {
    return AgentRecord.newBuilder()
        .setInfo(agent.info)
        .setVersion(agent.version == null ? "" : agent.version)
        .setRegisteredMillis(agent.registeredMillis)
        .setReregisteredMillis(agent.reregisteredMillis)
        // A recovered agent was reachable for the last leader that heard from it.
        .setReachable(agent.reachable || agent.recovered)
        .setUnreachableMillis(agent.unreachableMillis)
        .build();
  }

  static FrameworkRecord record(FrameworkEntry framework) {
    return FrameworkRecord.newBuilder()
        .setInfo(framework.info)
        .setRole(framework.role)
        .setSuppressed(framework.suppressed)
        .setRegisteredMillis(framework.registeredMillis)
        .setReregisteredMillis(framework.reregisteredMillis)
        .setRemoved(framework.removed)
        .setUnregisteredMillis(framework.unregisteredMillis)
        .build();
  }
}
