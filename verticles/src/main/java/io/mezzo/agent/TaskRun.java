package io.mezzo.agent;

import io.mezzo.checks.TaskChecks;
import io.mezzo.executor.TaskProcess;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import java.nio.file.Path;
import java.time.Duration;

/** One task on this agent: what was launched, its process once started, and its state. */
final class TaskRun {
  final FrameworkInfo framework;
  final TaskInfo task;
  final String runId;
  final Path sandbox;
  /** The newest state of the task, as this agent knows it. */
  TaskState state = TaskState.TASK_STAGING;
  /** Null until the task's processes exist. */
  TaskProcess process;
  /** Set once a kill is asked for; the grace period the kill uses. */
  Duration killGrace;
  /** The task's health check and check, once it runs. */
  TaskChecks.Handle checks = TaskChecks.NONE;
  /** Why the task's health check had it killed; null unless it did. */
  String unhealthy;

  TaskRun(FrameworkInfo framework, TaskInfo task, String runId, Path sandbox) {
    this.framework = framework;
    this.task = task;
    this.runId = runId;
    this.sandbox = sandbox;
  }

  String frameworkId() {
    return framework.getId().getValue();
  }

  String taskId() {
    return task.getTaskId().getValue();
  }

  boolean killRequested() {
    return killGrace != null;
  }

  boolean isTerminal() {
    return TaskStates.isTerminal(state);
  }
}
