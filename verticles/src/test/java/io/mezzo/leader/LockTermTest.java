package io.mezzo.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.exception.CannotReplicateException;
import com.hazelcast.cp.exception.NotLeaderException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import io.mezzo.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A leader's term: checks that fail without proving the lock gone are retried, and the term
 * still ends within cp_session_ttl - 0.5 s of the last confirmation, even while a check
 * blocks or keeps failing.
 */
@ExtendWith(VertxExtension.class)
class LockTermTest {
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A lock whose every ownership check is answered by {@code check}. */
  private static FencedLock lock(Supplier<Boolean> check) {
    return (FencedLock) Proxy.newProxyInstance(FencedLock.class.getClassLoader(), new Class<?>[] {FencedLock.class},
        (proxy, method, args) -> {
          if (method.getName().equals("isLockedByCurrentThread")) {
            return check.get();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  /** Runs a term on a thread of its own, as the contender does; returns that thread. */
  private static Thread hold(LockTerm term, FencedLock lock, AtomicBoolean withdrawn, AtomicInteger confirmed) {
    Thread thread = new Thread(() -> term.hold(lock, withdrawn::get, confirmed::incrementAndGet), "term");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Test
  void failuresDuringACpMembershipChangeAreRetried(Vertx vertx) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RuntimeException[] churn = {
        new CannotReplicateException(null), new NotLeaderException(null, null, null), new OperationTimeoutException("slow")};
    FencedLock lock = lock(() -> {
      int call = calls.getAndIncrement();
      if (call >= 1 && call <= churn.length) {
        throw churn[call - 1];
      }
      return true;
    });
    LockTerm term = new LockTerm(vertx, TTL, Duration.ofMillis(10));
    AtomicBoolean withdrawn = new AtomicBoolean();
    AtomicInteger confirmed = new AtomicInteger();
    Thread thread = hold(term, lock, withdrawn, confirmed);

    Await.until("confirmed again after the failed checks", WAIT, () -> confirmed.get() >= 3);
    assertFalse(term.lost().isComplete(), "failed checks that prove nothing ended the term");

    withdrawn.set(true);
    thread.join(WAIT.toMillis());
    assertTrue(term.lost().isComplete());
  }

  @Test
  void provenLossEndsTheTermAtOnce(Vertx vertx) throws Exception {
    RuntimeException[] proofs = {
        new LockOwnershipLostException("taken"), new CPGroupDestroyedException(), new HazelcastInstanceNotActiveException()};
    for (RuntimeException proof : proofs) {
      AtomicInteger calls = new AtomicInteger();
      LockTerm term = new LockTerm(vertx, TTL, Duration.ofMillis(10));
      Thread thread = hold(term, lock(() -> {
        if (calls.getAndIncrement() == 0) {
          return true;
        }
        throw proof;
      }), new AtomicBoolean(), new AtomicInteger());
      thread.join(WAIT.toMillis());
      assertFalse(thread.isAlive(), proof + " did not end the term");
      assertTrue(term.lost().isComplete());
      assertEquals(2, calls.get(), "no check after " + proof);
    }
  }

  @Test
  void notHeldEndsTheTerm(Vertx vertx) throws Exception {
    LockTerm term = new LockTerm(vertx, TTL, Duration.ofMillis(10));
    Thread thread = hold(term, lock(() -> false), new AtomicBoolean(), new AtomicInteger());
    thread.join(WAIT.toMillis());
    assertTrue(term.lost().isComplete());
  }

  @Test
  void aBlockedCheckEndsTheTermWhileItStillBlocks(Vertx vertx) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LockTerm term = new LockTerm(vertx, TTL, Duration.ofMillis(10));
    Thread thread = hold(term, lock(() -> {
      if (calls.getAndIncrement() == 0) {
        return true;
      }
      try {
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }), new AtomicBoolean(), new AtomicInteger());

    Await.until("the watchdog ends the term", WAIT, () -> term.lost().isComplete());
    assertEquals(1, release.getCount(), "the term ended while the check still blocked");
    release.countDown();
    thread.join(WAIT.toMillis());
    assertFalse(thread.isAlive(), "a late 'held' does not revive the term");
  }

  @Test
  void checksThatKeepFailingStillEndTheTerm(Vertx vertx) throws Exception {
    LockTerm term = new LockTerm(vertx, TTL, Duration.ofMillis(10));
    Thread thread = hold(term, lock(() -> {
      throw new CannotReplicateException(null);
    }), new AtomicBoolean(), new AtomicInteger());
    Await.until("the watchdog ends the term", WAIT, () -> term.lost().isComplete());
    thread.join(WAIT.toMillis());
    assertFalse(thread.isAlive());
  }
}
