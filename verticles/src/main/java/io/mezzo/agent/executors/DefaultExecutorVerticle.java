package io.mezzo.agent.executors;

import io.mezzo.executor.Sandboxes;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import java.nio.file.Path;

/**
 * The default executor (ExecutorInfo type DEFAULT): runs task groups with Mesos's
 * default-executor semantics. All tasks of a group start together, each in its own sandbox
 * {@code <run sandbox>/tasks/<taskId>}; when one fails or is killed, the others of its group
 * are killed; the run ends once every task has ended and its terminal update is taken.
 */
public final class DefaultExecutorVerticle extends BuiltinExecutorVerticle {
  public DefaultExecutorVerticle(ExecutorRunSpec spec, ExecutorTools tools) {
    super(spec, tools);
  }

  @Override
  protected Path sandboxOf(TaskInfo task) {
    return Sandboxes.task(spec.sandbox(), task.getTaskId().getValue());
  }

  @Override
  protected void onLaunch(TaskInfo task) {
    refuse(task, "The default executor runs task groups only (LAUNCH_GROUP)");
  }

  @Override
  protected void onLaunchGroup(TaskGroupInfo group) {
    // The agent checkpoints the same key, so the groups stay apart after a restart.
    String key = ExecutorRunSpec.groupKey(group);
    group.getTasksList().forEach(task -> launchTask(task, key));
  }

  @Override
  protected void taskEnded(RunningTask task) {
    if (task.state != TaskState.TASK_FINISHED) {
      killGroupOf(task);
    }
  }
}
