package io.mezzo.checks.core;

import java.util.function.Consumer;

/**
 * What a check's schedule needs of the world: a clock, timers and a way to run one attempt.
 * The agent implements it on Vert.x; tests with a fake clock. Every call and callback
 * happens on one thread (the agent's event loop), so implementations need no locking.
 */
public interface CheckPort {
  /** A monotonic clock, in nanoseconds. */
  long nanoTime();

  /** Runs {@code action} once after {@code delayMillis}; returns an ID for {@link #cancelTimer}. */
  long setTimer(long delayMillis, Runnable action);

  /** Cancels a timer that has not fired; a no-op otherwise. */
  void cancelTimer(long id);

  /**
   * Starts one attempt of {@code spec}; {@code done} gets its result once, on the port's
   * thread, unless the attempt is aborted first.
   */
  Attempt probe(CheckSpec spec, Consumer<ProbeResult> done);

  /** An attempt under way. */
  interface Attempt {
    /** Stops the attempt and frees what it holds (a process, a connection); its result is dropped. */
    void abort();
  }
}
