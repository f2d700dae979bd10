package io.mezzo.master;

import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;

/** A task the master tracks, with its resources parsed once. */
final class TaskEntry {
  final TaskKey key;
  final String agentId;
  final Resources resources;
  final long launchedNanos;
  Task task;
  /** Whether the task's resources went back to the pool (it reached a terminal state). */
  boolean released;

  TaskEntry(Task task, Resources resources, long launchedNanos) {
    this.key = new TaskKey(task.getFrameworkId().getValue(), task.getTaskId().getValue());
    this.agentId = task.getAgentId().getValue();
    this.resources = resources;
    this.launchedNanos = launchedNanos;
    this.task = task;
  }

  TaskState state() {
    return task.getState();
  }

  boolean isTerminal() {
    return TaskStates.isTerminal(task.getState());
  }
}
