package io.mezzo.master.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.master.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where a task ran from the master's state: the task (active, unreachable or
 * completed) and the agent that holds its sandbox. Pure: no Vert.x, no IO.
 */
final class TaskLocator {
  private TaskLocator() {}

  /**
   * A task and the agent that holds its sandbox; when that agent cannot be asked,
   * {@code agent} is null and {@code problem} says why.
   */
  record Location(Task task, AgentInfo agent, Refusal problem) {
    String frameworkId() {
      return task.getFrameworkId().getValue();
    }
  }

  /**
   * The task {@code taskId} (of {@code frameworkId} when not null). An active task wins over
   * an unreachable one, and both over completed ones, of which the newest wins: a task ID
   * may be reused once its task has ended.
   *
   * @throws Refusal 404 for an unknown task, 409 when the ID is in several frameworks
   *     and none was named
   */
  static Task task(Response.GetTasks tasks, String taskId, String frameworkId) {
    Map<String, Task> byFramework = new LinkedHashMap<>();
    collect(byFramework, tasks.getTasksList(), taskId, frameworkId, false);
    collect(byFramework, tasks.getUnreachableTasksList(), taskId, frameworkId, false);
    collect(byFramework, tasks.getCompletedTasksList(), taskId, frameworkId, true);
    if (byFramework.isEmpty()) {
      throw Refusal.notFound("No task '" + taskId + "'"
          + (frameworkId == null ? "" : " of framework '" + frameworkId + "'") + " is known to the master");
    }
    if (byFramework.size() > 1) {
      throw new Refusal(Failure.CONFLICT, "Task '" + taskId + "' exists in several frameworks (" + String.join(", ", byFramework.keySet())
          + "); name one with framework_id");
    }
    return byFramework.values().iterator().next();
  }

  /**
   * The task and its agent; the problem is a 404 when the task never reached an agent or
   * the agent is gone, a 503 while the agent is unreachable.
   *
   * @throws Refusal as {@link #task}
   */
  static Location locate(Response.GetState state, String taskId, String frameworkId) {
    Task task = task(state.getGetTasks(), taskId, frameworkId);
    String agentId = task.getAgentId().getValue();
    if (agentId.isEmpty()) {
      return new Location(task, null, Refusal.notFound("Task '" + taskId + "' never reached an agent; it has no sandbox"));
    }
    for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
      if (agent.getAgentInfo().getId().getValue().equals(agentId)) {
        if (!agent.getActive()) {
          return new Location(task, null, new Refusal(Failure.UNAVAILABLE, "Agent " + agentId + " that holds the sandbox of task '"
              + taskId + "' is unreachable"));
        }
        return new Location(task, agent.getAgentInfo(), null);
      }
    }
    return new Location(task, null, Refusal.notFound("Agent " + agentId + " that held the sandbox of task '" + taskId
        + "' is no longer part of the cluster"));
  }

  /** Adds the matching tasks of a list whose framework has none yet; {@code newestLast} lists end with the newest. */
  private static void collect(Map<String, Task> byFramework, List<Task> tasks, String taskId, String frameworkId,
      boolean newestLast) {
    Map<String, Task> found = new LinkedHashMap<>();
    for (Task task : tasks) {
      if (task.getTaskId().getValue().equals(taskId)
          && (frameworkId == null || task.getFrameworkId().getValue().equals(frameworkId))) {
        if (newestLast) {
          found.put(task.getFrameworkId().getValue(), task);
        } else {
          found.putIfAbsent(task.getFrameworkId().getValue(), task);
        }
      }
    }
    found.forEach(byFramework::putIfAbsent);
  }
}
