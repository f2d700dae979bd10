package io.mezzo.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a subscription's heartbeats and subscribes again once they stop: silence for more
 * than twice the interval (plus a second, for a loaded machine) means the other side died or
 * a partition hides it. Failed attempts are retried with waits doubling from
 * {@link #FIRST_RETRY_MILLIS} to {@link #MAX_RETRY_MILLIS}. The scheduler and executor
 * clients share it; it runs on the owning client's context.
 */
final class HeartbeatWatch {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWatch.class);

  static final long FIRST_RETRY_MILLIS = 500;
  static final long MAX_RETRY_MILLIS = 10_000;

  private final Vertx vertx;
  private final Supplier<Future<?>> subscribeAgain;
  private final LongConsumer onSilence;
  private long lastHeardNanos;
  private long watchdog = -1;
  private boolean resubscribing;
  private boolean stopped;

  /**
   * @param subscribeAgain opens a new subscription; completes once it is subscribed
   * @param onSilence told how many milliseconds of silence start a re-subscription (for logs)
   */
  HeartbeatWatch(Vertx vertx, Supplier<Future<?>> subscribeAgain, LongConsumer onSilence) {
    this.vertx = vertx;
    this.subscribeAgain = subscribeAgain;
    this.onSilence = onSilence;
  }

  /** Something came from the other side. */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /** (Re)starts watching for heartbeats every {@code intervalMillis}. */
  void watch(long intervalMillis) {
    heard();
    vertx.cancelTimer(watchdog);
    watchdog = vertx.setPeriodic(intervalMillis, id -> {
      long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
      if (!resubscribing && !stopped && silentMillis > 2 * intervalMillis + 1000) {
        onSilence.accept(silentMillis);
        resubscribe(FIRST_RETRY_MILLIS);
      }
    });
  }

  /** Stops for good: the client closed, or the other side ended the subscription. */
  void stop() {
    stopped = true;
    vertx.cancelTimer(watchdog);
  }

  private void resubscribe(long backoffMillis) {
    resubscribing = true;
    subscribeAgain.get().onComplete(result -> {
      if (stopped || result.succeeded()) {
        resubscribing = false;
        return;
      }
      LOG.debug("re-subscription failed: {}", result.cause().toString());
      vertx.setTimer(backoffMillis, id -> resubscribe(Math.min(backoffMillis * 2, MAX_RETRY_MILLIS)));
    });
  }
}
