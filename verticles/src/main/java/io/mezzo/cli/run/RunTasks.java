package io.mezzo.cli.run;

import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The task instances of one {@code mezzo run}: where each was placed, its latest state,
 * and the run's outcome. Pure; used from one thread.
 */
final class RunTasks {
  /** One instance: task {@code <prefix>-<number>}. */
  static final class Instance {
    final int number;
    final String taskId;
    String agentId;
    String hostname;
    TaskState state;
    boolean placed;
    boolean started;

    Instance(int number, String taskId) {
      this.number = number;
      this.taskId = taskId;
    }

    boolean ended() {
      return state != null && TaskStates.isTerminal(state);
    }

    boolean succeeded() {
      return state == TaskState.TASK_FINISHED;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Instance> byTaskId = new LinkedHashMap<>();

  /** {@code count} instances whose task IDs are {@code <prefix>-1} to {@code <prefix>-<count>}. */
  RunTasks(String prefix, int count) {
    for (int number = 1; number <= count; number++) {
      Instance instance = new Instance(number, prefix + "-" + number);
      byTaskId.put(instance.taskId, instance);
    }
  }

  /** One instance per task ID, numbered in order: the tasks of a task group. */
  RunTasks(List<String> taskIds) {
    int number = 0;
    for (String taskId : taskIds) {
      Instance instance = new Instance(++number, taskId);
      byTaskId.put(instance.taskId, instance);
    }
  }

  int size() {
    return byTaskId.size();
  }

  /** Up to {@code max} instances not placed yet, lowest numbers first. */
  List<Instance> unplaced(int max) {
    List<Instance> found = new ArrayList<>();
    for (Instance instance : byTaskId.values()) {
      if (found.size() == max) {
        break;
      }
      if (!instance.placed) {
        found.add(instance);
      }
    }
    return found;
  }

  int unplacedCount() {
    return (int) byTaskId.values().stream().filter(i -> !i.placed).count();
  }

  void placed(Instance instance, String agentId, String hostname) {
    instance.placed = true;
    instance.agentId = agentId;
    instance.hostname = hostname;
  }

  /** Puts an instance back to be placed again: its launch never reached the master. */
  void unplace(Instance instance) {
    if (instance.state == null) {
      instance.placed = false;
    }
  }

  /** The instance of {@code taskId}, or null when it is not one of this run's. */
  Instance find(String taskId) {
    return byTaskId.get(taskId);
  }

  /**
   * Records a status update.
   *
   * @return the instance whose state changed, or null (not ours, a repeat, or after its end)
   */
  Instance update(TaskStatus status) {
    Instance instance = byTaskId.get(status.getTaskId().getValue());
    if (instance == null || instance.ended() || instance.state == status.getState()) {
      return null;
    }
    instance.state = status.getState();
    if (status.hasAgentId() && !status.getAgentId().getValue().isEmpty()) {
      instance.agentId = status.getAgentId().getValue();
    }
    if (instance.state == TaskState.TASK_RUNNING || instance.ended()) {
      instance.started = true;
    }
    return instance;
  }

  /** Whether every instance has ended. */
  boolean allEnded() {
    return byTaskId.values().stream().allMatch(Instance::ended);
  }

  /** Whether every instance has been running (or has already ended). */
  boolean allStarted() {
    return byTaskId.values().stream().allMatch(i -> i.started);
  }

  /** Whether some instance has ended other than FINISHED. */
  boolean anyFailed() {
    return byTaskId.values().stream().anyMatch(i -> i.ended() && !i.succeeded());
  }

  /** {@code 3 tasks: 2 TASK_FINISHED, 1 TASK_FAILED}, counting instances by state. */
  String summary() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Instance instance : byTaskId.values()) {
      String state = instance.state != null ? instance.state.name() : instance.placed ? "launched" : "not placed";
      counts.merge(state, 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((state, count) -> parts.add(count + " " + state));
    return size() + (size() == 1 ? " task: " : " tasks: ") + String.join(", ", parts);
  }

  List<Instance> all() {
    return List.copyOf(byTaskId.values());
  }

  /**
   * {@code <name>-<8 hex>}: the framework name made safe for task IDs, and a random part so
   * that two runs of one name never share task IDs.
   */
  static String idPrefix(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_.:@-]", "-");
    if (!safe.matches("[A-Za-z0-9_].*")) {
      safe = "run" + safe;
    }
    return safe + "-" + String.format("%08x", RANDOM.nextInt());
  }
}
