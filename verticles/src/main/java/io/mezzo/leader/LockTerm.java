package io.mezzo.leader;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term of the leader lock: confirms, every check interval, that this thread still holds
 * it, and ends the term ({@link #lost()}) when the CP group says it does not, when a check
 * proves it gone, or when nothing confirmed it for {@code cp_session_ttl - 0.5 s} (a
 * watchdog on a Vert.x timer, since a check can block that long): by then the CP group may
 * have expired the session and given the lock to another master.
 *
 * <p>A check that fails without proving the lock gone (a Raft leader change, a membership
 * change of the CP groups under way when a resumed or restarted master takes its seat, a
 * timeout) is retried within that bound rather than ending the term: such a failure says
 * nothing about the lock, and the watchdog still bounds how long the leader acts unconfirmed.
 */
final class LockTerm {
  private static final Logger LOG = LoggerFactory.getLogger(LockTerm.class);

  /** How much sooner than the CP session could expire the leader stops acting. */
  static final Duration MARGIN = Duration.ofMillis(500);

  private final Vertx vertx;
  private final long staleNanos;
  private final Duration checkInterval;
  private final Promise<Void> lost = Promise.promise();
  private final AtomicLong confirmedAt = new AtomicLong(System.nanoTime());

  LockTerm(Vertx vertx, Duration sessionTtl, Duration checkInterval) {
    this.vertx = vertx;
    this.staleNanos = sessionTtl.minus(MARGIN).toNanos();
    this.checkInterval = checkInterval;
  }

  /** Completes when the term is over. */
  Future<Void> lost() {
    return lost.future();
  }

  /**
   * Confirms the lock on the calling thread (the one that took it) until the term ends or
   * {@code withdrawn} says so; {@code confirmed} runs after every confirmation.
   */
  void hold(FencedLock lock, BooleanSupplier withdrawn, Runnable confirmed) {
    long watchdog = vertx.setPeriodic(100, id -> {
      long silent = System.nanoTime() - confirmedAt.get();
      if (silent > staleNanos && !lost.future().isComplete()) {
        LOG.warn("could not confirm the leader lock for {} ms; stepping down before the CP session could expire",
            silent / 1_000_000);
        lost.tryComplete();
      }
    });
    try {
      while (!withdrawn.getAsBoolean() && !lost.future().isComplete()) {
        // A linearizable answer says the lock was held at some moment after the call was
        // sent: the term is counted from the sending, never from a late answer.
        long asked = System.nanoTime();
        try {
          if (!lock.isLockedByCurrentThread()) {
            LOG.warn("the CP group says this master no longer holds the leader lock");
            break;
          }
          confirmedAt.set(asked);
          confirmed.run();
        } catch (RuntimeException e) {
          if (definitelyLost(e)) {
            LOG.warn("the leader lock is gone: {}", e.toString());
            break;
          }
          LOG.info("could not confirm the leader lock ({}); retrying", e.toString());
        }
        pause(checkInterval);
      }
    } finally {
      vertx.cancelTimer(watchdog);
      lost.tryComplete();
    }
  }

  /**
   * Whether a failed confirmation proves the term over: the lock was taken from this
   * session, the CP group was destroyed (a CP reset), or this member is shutting down.
   */
  static boolean definitelyLost(RuntimeException e) {
    return e instanceof LockOwnershipLostException
        || e instanceof CPGroupDestroyedException
        || e instanceof HazelcastInstanceNotActiveException;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
