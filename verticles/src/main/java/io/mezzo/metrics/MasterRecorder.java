package io.mezzo.metrics;

import io.mezzo.bus.Failure;
import io.mezzo.v1.TaskState;

/**
 * What the master, its allocator and its election report as they work. The master's parts
 * call it without knowing how it is measured, so they stay free of Micrometer; {@link
 * #NONE} measures nothing. Implementations must be thread-safe: the allocator and the
 * master run on different event loops.
 */
public interface MasterRecorder {
  /** Records nothing. */
  MasterRecorder NONE = new MasterRecorder() {};

  /** The API a refused call came through. */
  enum Api {
    SCHEDULER,
    AGENT,
    OPERATOR,
    /** A body that is none of the above, or could not be decoded. */
    UNKNOWN
  }

  /** An allocation cycle ran for {@code nanos} and made {@code offers} offers. */
  default void allocationCycle(long nanos, int offers) {}

  /** A task became RUNNING {@code nanos} after the ACCEPT that launched it. */
  default void launchLatency(long nanos) {}

  /** A task reached terminal {@code state} at the master (invalid tasks count as TASK_ERROR). */
  default void taskEnded(TaskState state) {}

  /** {@code count} offers were sent to a framework. */
  default void offersSent(int count) {}

  /** A framework declined an offer. */
  default void offerDeclined() {}

  /** A framework used an offer in an ACCEPT. */
  default void offerAccepted() {}

  /** The master withdrew an outstanding offer. */
  default void offerRescinded() {}

  /** The master refused a call on the event bus, saying {@code failure}. */
  default void callRejected(Api api, Failure failure) {}

  /** This node became the leader. */
  default void elected() {}
}
