package io.mezzo.agent;

import io.mezzo.agent.executors.ExecutorRuns;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import java.nio.file.Path;

/** One task on this agent: what was launched, the executor run it belongs to, and its state. */
final class TaskRun {
  final FrameworkInfo framework;
  final TaskInfo task;
  /** The task's executor; for a command task, the one the agent made up for it. */
  final ExecutorInfo executor;
  final String runId;
  /** The task's own sandbox: its run's, or for a task of a group its sub-sandbox. */
  final Path sandbox;
  /** The newest state of the task, as this agent knows it. */
  TaskState state = TaskState.TASK_STAGING;
  /** The executor run that runs the task; null for a task restored as already ended. */
  ExecutorRuns.Run execution;
  /** For a task of a task group, the group's key; null otherwise. */
  String group;

  TaskRun(FrameworkInfo framework, TaskInfo task, ExecutorInfo executor, String runId, Path sandbox) {
    this.framework = framework;
    this.task = task;
    this.executor = executor;
    this.runId = runId;
    this.sandbox = sandbox;
  }

  String frameworkId() {
    return framework.getId().getValue();
  }

  String taskId() {
    return task.getTaskId().getValue();
  }

  String executorId() {
    return executor.getExecutorId().getValue();
  }

  boolean isTerminal() {
    return TaskStates.isTerminal(state);
  }
}
