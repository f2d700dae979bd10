package io.mezzo.master.core;

import io.mezzo.metrics.MasterRecorder;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The master's registry of agents, frameworks, tasks and offers, and the bookkeeping of
 * who holds which resources. Every change of that bookkeeping goes through a method here,
 * so that for each agent {@code used + offered} always matches its tasks and offers, and
 * the totals seen by operators match what the allocator believes.
 *
 * <p>Pure: no Vert.x, no I/O. Only the master's event loop touches it.
 */
public final class MasterState {
  /** How many removed framework IDs are remembered, so they cannot be re-subscribed. */
  static final int REMOVED_FRAMEWORK_IDS = 10_000;

  private final int maxCompletedTasksPerFramework;
  private final int maxCompletedFrameworks;
  private final Map<String, AgentEntry> agents = new LinkedHashMap<>();
  private final Map<String, FrameworkEntry> frameworks = new LinkedHashMap<>();
  private final Deque<FrameworkEntry> completedFrameworks = new ArrayDeque<>();
  private final Set<String> removedFrameworkIds = new LinkedHashSet<>();
  private final Map<String, OfferEntry> offers = new HashMap<>();
  private final MasterRecorder recorder;
  private Listener listener = Listener.NONE;

  /**
   * Hears of every change that must outlive this master (the replicated state). Offers and
   * connections are not among them: after a failover both start afresh. Each change comes
   * with a supplier that reads the entity as it is when called, so a listener that writes
   * at the end of a turn writes an entity changed several times once, as it ended up.
   */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** Agent {@code agentId} changed; {@code record} reads what the replicated state keeps of it. */
    default void agentChanged(String agentId, Supplier<AgentRecord> record) {}

    /** Framework {@code frameworkId} changed; {@code record} reads what the replicated state keeps of it. */
    default void frameworkChanged(String frameworkId, Supplier<FrameworkRecord> record) {}

    /** A task was added or changed; {@code latest} reads its description. */
    default void taskChanged(TaskKey task, Supplier<Task> latest) {}

    /** A task is complete: the replicated state forgets it. */
    default void taskRemoved(TaskKey task) {}
  }

  MasterState(int maxCompletedTasksPerFramework, int maxCompletedFrameworks) {
    this(maxCompletedTasksPerFramework, maxCompletedFrameworks, MasterRecorder.NONE);
  }

  /** @param recorder hears of every task that ends, whichever part of the master ends it */
  MasterState(int maxCompletedTasksPerFramework, int maxCompletedFrameworks, MasterRecorder recorder) {
    this.maxCompletedTasksPerFramework = maxCompletedTasksPerFramework;
    this.maxCompletedFrameworks = maxCompletedFrameworks;
    this.recorder = recorder;
  }

  void setListener(Listener listener) {
    this.listener = listener;
  }

  /** Reports a change made to an agent's fields. */
  void changed(AgentEntry agent) {
    listener.agentChanged(agent.id, agent::record);
  }

  /** Reports a change made to a framework's fields. */
  void changed(FrameworkEntry framework) {
    listener.frameworkChanged(framework.id, framework::record);
  }

  /** Gives a task its new description (state, statuses). */
  void updateTask(TaskEntry task, Task updated) {
    boolean ends = !task.isTerminal() && TaskStates.isTerminal(updated.getState());
    task.task = updated;
    listener.taskChanged(task.key, () -> task.task);
    if (ends) {
      recorder.taskEnded(updated.getState());
    }
  }

  // ---- agents

  AgentEntry agent(String id) {
    return agents.get(id);
  }

  Collection<AgentEntry> agents() {
    return agents.values();
  }

  AgentEntry addAgent(String id, AgentInfo info, Resources total, long nowMillis) {
    AgentEntry agent = new AgentEntry(id, info, total);
    agent.registeredMillis = nowMillis;
    agents.put(id, agent);
    listener.agentChanged(agent.id, agent::record);
    return agent;
  }

  // ---- frameworks

  FrameworkEntry framework(String id) {
    return frameworks.get(id);
  }

  Collection<FrameworkEntry> frameworks() {
    return frameworks.values();
  }

  Collection<FrameworkEntry> completedFrameworks() {
    return completedFrameworks;
  }

  /** Whether {@code id} belonged to a framework that was torn down or timed out. */
  boolean isRemoved(String id) {
    return removedFrameworkIds.contains(id);
  }

  FrameworkEntry addFramework(String id, FrameworkInfo info, String role, long nowMillis) {
    FrameworkEntry framework = new FrameworkEntry(id, info, role);
    framework.registeredMillis = nowMillis;
    frameworks.put(id, framework);
    listener.frameworkChanged(framework.id, framework::record);
    return framework;
  }

  /**
   * Forgets a framework after its tasks and offers are gone: it moves to the completed
   * frameworks and its ID can never subscribe again.
   */
  void removeFramework(FrameworkEntry framework, long nowMillis) {
    if (!framework.offers.isEmpty() || !framework.tasks.isEmpty() || !framework.unreachableTasks.isEmpty()) {
      throw new IllegalStateException("framework " + framework.id + " still holds offers or tasks");
    }
    frameworks.remove(framework.id);
    framework.streamId = null;
    framework.removed = true;
    framework.unregisteredMillis = nowMillis;
    completedFrameworks.addLast(framework);
    while (completedFrameworks.size() > maxCompletedFrameworks) {
      completedFrameworks.removeFirst();
    }
    rememberRemoved(framework.id);
    listener.frameworkChanged(framework.id, framework::record);
  }

  /** Retires a framework ID, as one learned from the replicated state of earlier leaders. */
  void rememberRemoved(String frameworkId) {
    removedFrameworkIds.add(frameworkId);
    if (removedFrameworkIds.size() > REMOVED_FRAMEWORK_IDS) {
      removedFrameworkIds.remove(removedFrameworkIds.iterator().next());
    }
  }

  // ---- offers

  OfferEntry offer(String id) {
    return offers.get(id);
  }

  /** The number of outstanding offers. */
  int offerCount() {
    return offers.size();
  }

  void addOffer(OfferEntry offer) {
    AgentEntry agent = agents.get(offer.agentId());
    FrameworkEntry framework = frameworks.get(offer.frameworkId());
    offers.put(offer.id(), offer);
    agent.offers.put(offer.id(), offer);
    agent.offered = agent.offered.plus(offer.resources());
    framework.offers.put(offer.id(), offer);
    FrameworkEntry.add(framework.offeredByAgent, offer.agentId(), offer.resources());
  }

  /** Removes an outstanding offer; its resources are no longer offered (the caller decides where they go). */
  OfferEntry removeOffer(String id) {
    OfferEntry offer = offers.remove(id);
    if (offer == null) {
      return null;
    }
    AgentEntry agent = agents.get(offer.agentId());
    if (agent != null && agent.offers.remove(id) != null) {
      agent.offered = agent.offered.minus(offer.resources());
    }
    FrameworkEntry framework = frameworks.get(offer.frameworkId());
    if (framework != null && framework.offers.remove(id) != null) {
      FrameworkEntry.subtract(framework.offeredByAgent, offer.agentId(), offer.resources());
    }
    return offer;
  }

  // ---- tasks

  /** Records a launched task; its resources count as used on its agent and by its framework. */
  void addTask(TaskEntry task) {
    FrameworkEntry framework = frameworks.get(task.key.frameworkId());
    AgentEntry agent = agents.get(task.agentId);
    framework.tasks.put(task.key.taskId(), task);
    FrameworkEntry.add(framework.usedByAgent, task.agentId, task.resources);
    agent.tasks.put(task.key, task);
    agent.used = agent.used.plus(task.resources);
    listener.taskChanged(task.key, () -> task.task);
  }

  // ---- executors

  /**
   * Records an executor launched on its agent; its resources count as used there. Executors
   * are kept in their agent's replicated record, so that a new leader counts them too.
   */
  void addExecutor(ExecutorEntry executor) {
    AgentEntry agent = agents.get(executor.agentId);
    if (agent == null || agent.executors.putIfAbsent(executor.key(), executor) != null) {
      return;
    }
    agent.used = agent.used.plus(executor.resources);
    FrameworkEntry framework = frameworks.get(executor.frameworkId);
    if (framework != null) {
      FrameworkEntry.add(framework.usedByAgent, executor.agentId, executor.resources);
    }
    changed(agent);
  }

  /** Forgets an executor that ended, freeing its resources; returns it, or null if unknown. */
  ExecutorEntry removeExecutor(String agentId, String frameworkId, String executorId) {
    AgentEntry agent = agents.get(agentId);
    ExecutorEntry executor = agent == null ? null : agent.executors.remove(ExecutorEntry.key(frameworkId, executorId));
    if (executor == null) {
      return null;
    }
    agent.used = agent.used.minus(executor.resources);
    FrameworkEntry framework = frameworks.get(frameworkId);
    if (framework != null) {
      FrameworkEntry.subtract(framework.usedByAgent, agentId, executor.resources);
    }
    changed(agent);
    return executor;
  }

  /** The executor running on an agent, or null. */
  ExecutorEntry executor(String agentId, String frameworkId, String executorId) {
    AgentEntry agent = agents.get(agentId);
    return agent == null ? null : agent.executors.get(ExecutorEntry.key(frameworkId, executorId));
  }

  /** Frees a task's resources (it reached a terminal state or its agent went away). */
  void releaseTask(TaskEntry task) {
    if (task.released) {
      return;
    }
    task.released = true;
    FrameworkEntry framework = frameworks.get(task.key.frameworkId());
    if (framework != null) {
      FrameworkEntry.subtract(framework.usedByAgent, task.agentId, task.resources);
    }
    AgentEntry agent = agents.get(task.agentId);
    if (agent != null && agent.tasks.remove(task.key) != null) {
      agent.used = agent.used.minus(task.resources);
    }
  }

  /** Moves a task whose agent became unreachable aside, freeing its resources. */
  void markTaskUnreachable(TaskEntry task, Task updated) {
    releaseTask(task);
    FrameworkEntry framework = frameworks.get(task.key.frameworkId());
    framework.tasks.remove(task.key.taskId());
    framework.unreachableTasks.put(task.key.taskId(), task);
    updateTask(task, updated);
  }

  /**
   * Brings back a task reported by its re-registered agent: it is active again and holds
   * its resources.
   */
  void restoreTask(TaskEntry task, Task updated) {
    FrameworkEntry framework = frameworks.get(task.key.frameworkId());
    framework.unreachableTasks.remove(task.key.taskId());
    task.task = updated;
    task.released = false;
    addTask(task);
  }

  /** Moves a task to its framework's completed tasks, freeing its resources if still held. */
  void completeTask(TaskEntry task) {
    releaseTask(task);
    FrameworkEntry framework = frameworks.get(task.key.frameworkId());
    if (framework == null) {
      return;
    }
    framework.tasks.remove(task.key.taskId());
    framework.unreachableTasks.remove(task.key.taskId());
    framework.completedTasks.addLast(task.task);
    while (framework.completedTasks.size() > maxCompletedTasksPerFramework) {
      framework.completedTasks.removeFirst();
    }
    listener.taskRemoved(task.key);
  }

  /** The task {@code taskId} of a framework, active or unreachable; null when unknown. */
  TaskEntry task(String frameworkId, String taskId) {
    FrameworkEntry framework = frameworks.get(frameworkId);
    if (framework == null) {
      return null;
    }
    TaskEntry task = framework.tasks.get(taskId);
    return task != null ? task : framework.unreachableTasks.get(taskId);
  }

  /** Drops a completed task that turned out to be alive after all (its agent came back). */
  void forgetCompletedTask(String frameworkId, String taskId) {
    FrameworkEntry framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.completedTasks.removeIf(task -> task.getTaskId().getValue().equals(taskId));
    }
  }

  /** The completed task {@code taskId} of a framework, newest first; null when not kept. */
  Task completedTask(String frameworkId, String taskId) {
    FrameworkEntry framework = frameworks.get(frameworkId);
    if (framework == null) {
      return null;
    }
    var newestFirst = framework.completedTasks.descendingIterator();
    while (newestFirst.hasNext()) {
      Task task = newestFirst.next();
      if (task.getTaskId().getValue().equals(taskId)) {
        return task;
      }
    }
    return null;
  }
}
