package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;

/** A task the master tracks, with its resources parsed once. */
final class TaskEntry {
  /** The launch time of a task this master did not launch (recovered, or reported by an agent). */
  static final long NOT_LAUNCHED_HERE = Long.MIN_VALUE;

  final TaskKey key;
  final String agentId;
  final Resources resources;
  /** When this master launched the task ({@link System#nanoTime()}), or {@link #NOT_LAUNCHED_HERE}. */
  final long launchedNanos;
  Task task;
  /** Whether the task's resources went back to the pool (it reached a terminal state). */
  boolean released;
  /** Whether the task's launch latency is known: it was launched here and its agent reported it running. */
  boolean launchMeasured;

  TaskEntry(Task task, Resources resources, long launchedNanos) {
    this.key = new TaskKey(task.getFrameworkId().getValue(), task.getTaskId().getValue());
    this.agentId = task.getAgentId().getValue();
    this.resources = resources;
    this.launchedNanos = launchedNanos;
    this.task = task;
  }

  /** Whether this master launched the task, so that its launch latency can be measured. */
  boolean launchedHere() {
    return launchedNanos != NOT_LAUNCHED_HERE;
  }

  TaskState state() {
    return task.getState();
  }

  boolean isTerminal() {
    return TaskStates.isTerminal(task.getState());
  }
}
