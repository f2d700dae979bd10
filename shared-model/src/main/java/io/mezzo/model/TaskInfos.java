package io.mezzo.model;

import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;

/** What master and agent make of a launched {@link TaskInfo}. */
public final class TaskInfos {
  private TaskInfos() {}

  /**
   * The {@link Task} that describes {@code info}, launched by {@code framework} on agent
   * {@code agentId}, in {@code state}: what the master records at launch and what an agent
   * reports when it re-registers.
   */
  public static Task toTask(TaskInfo info, FrameworkInfo framework, AgentID agentId, TaskState state) {
    Task.Builder task =
        Task.newBuilder()
            .setName(info.getName())
            .setTaskId(info.getTaskId())
            .setFrameworkId(framework.getId())
            // The command executor runs one task, and Mesos names it after the task.
            .setExecutorId(info.hasExecutor() ? info.getExecutor().getExecutorId()
                : ExecutorID.newBuilder().setValue(info.getTaskId().getValue()).build())
            .setAgentId(agentId)
            .setState(state)
            .addAllResources(info.getResourcesList())
            .setUser(framework.getUser());
    if (info.hasLabels()) {
      task.setLabels(info.getLabels());
    }
    if (info.hasKillPolicy()) {
      task.setKillPolicy(info.getKillPolicy());
    }
    if (info.hasHealthCheck()) {
      task.setHealthCheck(info.getHealthCheck());
    }
    return task.build();
  }
}
