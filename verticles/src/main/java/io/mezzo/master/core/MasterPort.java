package io.mezzo.master.core;

import com.google.protobuf.GeneratedMessage;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Everything the master's core needs of the world: the event bus, timers and the clock. The
 * shell implements it on Vert.x ({@code Outbox}), stamping every message with the term's
 * epoch and sending nothing once the term is over; tests implement it with a fake clock and
 * record what the core sends. Addresses come from {@code Addresses}; bodies are messages of
 * the wire schema, for which every node has a codec.
 *
 * <p>Every callback (a timer, the outcome of a request) runs on the thread that runs the
 * core, one at a time, as the rest of the core does.
 */
public interface MasterPort {
  /** Sends {@code body} to the one consumer of {@code address} (an agent, a scheduler stream, the allocator). */
  void send(String address, GeneratedMessage body);

  /** Publishes {@code body} to every consumer of {@code address} (the observers' event addresses). */
  void publish(String address, GeneratedMessage body);

  /**
   * Sends {@code body} and completes when the consumer of {@code address} answers within
   * {@code timeout}; fails when it does not, or when nobody listens there.
   */
  CompletionStage<Void> request(String address, GeneratedMessage body, Duration timeout);

  /** Runs {@code action} once, {@code delayMillis} from now; returns the timer's ID. */
  long setTimer(long delayMillis, Runnable action);

  /** Runs {@code action} every {@code periodMillis}, the first time one period from now; returns the timer's ID. */
  long setPeriodic(long periodMillis, Runnable action);

  /** Cancels a timer; an ID that is no timer (any negative one, say) is ignored. */
  void cancelTimer(long timerId);

  /** The wall clock, in milliseconds since the epoch: what the master records and shows. */
  long nowMillis();

  /** A monotonic clock in nanoseconds, for measuring how long things take. */
  long nanoTime();
}
