package io.mezzo.model;

import static io.mezzo.v1.TaskState.TASK_DROPPED;
import static io.mezzo.v1.TaskState.TASK_ERROR;
import static io.mezzo.v1.TaskState.TASK_FAILED;
import static io.mezzo.v1.TaskState.TASK_FINISHED;
import static io.mezzo.v1.TaskState.TASK_GONE;
import static io.mezzo.v1.TaskState.TASK_GONE_BY_OPERATOR;
import static io.mezzo.v1.TaskState.TASK_KILLED;
import static io.mezzo.v1.TaskState.TASK_KILLING;
import static io.mezzo.v1.TaskState.TASK_LOST;
import static io.mezzo.v1.TaskState.TASK_RUNNING;
import static io.mezzo.v1.TaskState.TASK_STAGING;
import static io.mezzo.v1.TaskState.TASK_STARTING;
import static io.mezzo.v1.TaskState.TASK_UNKNOWN;
import static io.mezzo.v1.TaskState.TASK_UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.TaskState;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task state machine, checked against Mesos's terminal states and update rules. */
class TaskStatesTest {
  private static final Set<TaskState> MESOS_TERMINAL =
      EnumSet.of(TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED,
          TASK_GONE, TASK_GONE_BY_OPERATOR);

  @Test
  void terminalStatesAreMesosOnes() {
    Set<TaskState> terminal = EnumSet.noneOf(TaskState.class);
    for (TaskState state : TaskState.values()) {
      if (TaskStates.isTerminal(state)) {
        terminal.add(state);
      }
    }
    assertEquals(MESOS_TERMINAL, terminal);
  }

  @Test
  void activeStatesAreLaunchedAndNotEnded() {
    Set<TaskState> active = EnumSet.noneOf(TaskState.class);
    for (TaskState state : TaskState.values()) {
      if (TaskStates.isActive(state)) {
        active.add(state);
      }
    }
    assertEquals(EnumSet.of(TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING), active);
    assertFalse(TaskStates.isActive(TASK_UNREACHABLE));
    assertFalse(TaskStates.isTerminal(TASK_UNREACHABLE));
    assertFalse(TaskStates.isTerminal(TASK_UNKNOWN));
  }

  @Test
  void aTerminalStateIsFinal() {
    for (TaskState from : MESOS_TERMINAL) {
      for (TaskState to : TaskState.values()) {
        assertEquals(from == to, TaskStates.canTransition(from, to), from + " -> " + to);
      }
    }
  }

  @Test
  void repeatingAStateIsAllowedForRetriedUpdates() {
    for (TaskState state : TaskState.values()) {
      assertTrue(TaskStates.canTransition(state, state), state.toString());
    }
  }

  @Test
  void activeStatesMoveForwardOnly() {
    assertTrue(TaskStates.canTransition(TASK_STAGING, TASK_STARTING));
    assertTrue(TaskStates.canTransition(TASK_STAGING, TASK_RUNNING));
    assertTrue(TaskStates.canTransition(TASK_STARTING, TASK_RUNNING));
    assertTrue(TaskStates.canTransition(TASK_RUNNING, TASK_KILLING));
    assertTrue(TaskStates.canTransition(TASK_RUNNING, TASK_FINISHED));
    assertTrue(TaskStates.canTransition(TASK_KILLING, TASK_KILLED));
    assertFalse(TaskStates.canTransition(TASK_KILLING, TASK_RUNNING));
    assertFalse(TaskStates.canTransition(TASK_RUNNING, TASK_STARTING));
    assertFalse(TaskStates.canTransition(TASK_RUNNING, TASK_STAGING));
    assertFalse(TaskStates.canTransition(TASK_STARTING, TASK_STAGING));
  }

  @Test
  void everyActiveStateCanEndEveryWay() {
    for (TaskState from : EnumSet.of(TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING)) {
      for (TaskState to : MESOS_TERMINAL) {
        assertTrue(TaskStates.canTransition(from, to), from + " -> " + to);
      }
      assertTrue(TaskStates.canTransition(from, TASK_UNREACHABLE), from + " -> UNREACHABLE");
    }
  }

  @Test
  void anUnreachableTaskComesBackWhenItsAgentDoes() {
    assertTrue(TaskStates.canTransition(TASK_UNREACHABLE, TASK_RUNNING));
    assertTrue(TaskStates.canTransition(TASK_UNREACHABLE, TASK_KILLING));
    assertTrue(TaskStates.canTransition(TASK_UNREACHABLE, TASK_GONE));
    assertTrue(TaskStates.canTransition(TASK_UNREACHABLE, TASK_LOST));
    assertTrue(TaskStates.canTransition(TASK_UNKNOWN, TASK_RUNNING));
  }
}
