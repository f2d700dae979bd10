package io.mezzo.model;

import io.mezzo.v1.TaskState;
import java.util.EnumSet;
import java.util.Set;

/** The task state machine: which states are terminal and which changes are allowed. */
public final class TaskStates {
  private static final Set<TaskState> TERMINAL =
      EnumSet.of(
          TaskState.TASK_FINISHED,
          TaskState.TASK_FAILED,
          TaskState.TASK_KILLED,
          TaskState.TASK_ERROR,
          TaskState.TASK_LOST,
          TaskState.TASK_DROPPED,
          TaskState.TASK_GONE,
          TaskState.TASK_GONE_BY_OPERATOR);

  private static final Set<TaskState> ACTIVE =
      EnumSet.of(
          TaskState.TASK_STAGING,
          TaskState.TASK_STARTING,
          TaskState.TASK_RUNNING,
          TaskState.TASK_KILLING);

  private TaskStates() {}

  /** Whether the task has ended for good: its resources are free and nothing follows. */
  public static boolean isTerminal(TaskState state) {
    return TERMINAL.contains(state);
  }

  /** Whether the task is launched and not yet ended. */
  public static boolean isActive(TaskState state) {
    return ACTIVE.contains(state);
  }

  /**
   * Whether a task may move from {@code from} to {@code to}. Active states move forward;
   * an unreachable or unknown task may come back to an active state when its agent returns;
   * a terminal state is final. Repeating a state is allowed (retried updates).
   */
  public static boolean canTransition(TaskState from, TaskState to) {
    if (from == to) {
      return true;
    }
    if (isTerminal(from)) {
      return false;
    }
    if (from == TaskState.TASK_UNREACHABLE || from == TaskState.TASK_UNKNOWN) {
      return true;
    }
    return rank(to) > rank(from);
  }

  private static int rank(TaskState state) {
    return switch (state) {
      case TASK_STAGING -> 0;
      case TASK_STARTING -> 1;
      case TASK_RUNNING -> 2;
      case TASK_KILLING -> 3;
      case TASK_UNREACHABLE, TASK_UNKNOWN -> 4;
      default -> 5;
    };
  }
}
