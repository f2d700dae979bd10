package io.mezzo.metrics;

import io.mezzo.v1.TaskState;

/**
 * What an agent reports as it works, without knowing how it is measured; {@link #NONE}
 * measures nothing. Called on the agent's event loop.
 */
public interface AgentRecorder {
  /** Records nothing. */
  AgentRecorder NONE = new AgentRecorder() {};

  /** The agent took a task to launch. */
  default void taskLaunched() {}

  /** A task of this agent reached terminal {@code state}. */
  default void taskEnded(TaskState state) {}

  /** A status update went to the master; {@code retry} when it had been sent before. */
  default void statusUpdateSent(boolean retry) {}

  /** A message from a master of an older epoch (a deposed leader) was dropped. */
  default void staleMessageDropped() {}
}
