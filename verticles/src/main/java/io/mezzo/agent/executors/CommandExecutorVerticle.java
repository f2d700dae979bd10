package io.mezzo.agent.executors;

import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import java.nio.file.Path;

/**
 * The command executor: runs one command task in the run's sandbox and ends once the task's
 * terminal update is acknowledged, as Mesos's command executor does. Its executor ID is the
 * task's ID.
 */
public final class CommandExecutorVerticle extends BuiltinExecutorVerticle {
  public CommandExecutorVerticle(ExecutorRunSpec spec, ExecutorTools tools) {
    super(spec, tools);
  }

  @Override
  protected Path sandboxOf(TaskInfo task) {
    return spec.sandbox();
  }

  @Override
  protected void onLaunch(TaskInfo task) {
    if (!tasks().isEmpty()) {
      refuse(task, "A command executor runs one task");
      return;
    }
    launchTask(task, task.getTaskId().getValue());
  }

  @Override
  protected void onLaunchGroup(TaskGroupInfo group) {
    group.getTasksList().forEach(task -> refuse(task, "A command executor cannot run task groups"));
  }
}
