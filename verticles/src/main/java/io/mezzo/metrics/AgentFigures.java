package io.mezzo.metrics;

import io.mezzo.v1.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's state in numbers, taken on its event loop: what its gauges show.
 *
 * @param registered whether the agent is registered with a master now
 * @param tasks the agent's launched tasks that have not ended, by state
 * @param statusUpdatesPending status updates written and sent but not yet acknowledged
 */
public record AgentFigures(boolean registered, Map<TaskState, Integer> tasks, int statusUpdatesPending) {
  /** The states a task of an agent can stay in; each has a gauge. */
  public static final List<TaskState> TASK_GAUGE_STATES =
      List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLING);

  /** The figures of an agent that has not started. */
  public static final AgentFigures NONE = new AgentFigures(false, Map.of(), 0);

  /** Takes an immutable copy. */
  public AgentFigures {
    tasks = tasks.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tasks));
  }

  /** The number of tasks in {@code state}. */
  public int tasks(TaskState state) {
    return tasks.getOrDefault(state, 0);
  }
}
