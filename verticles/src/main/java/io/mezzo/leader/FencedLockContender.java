package io.mezzo.leader;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.event.CPGroupAvailabilityEvent;
import com.hazelcast.cp.event.CPGroupAvailabilityListener;
import com.hazelcast.cp.lock.FencedLock;
import io.mezzo.node.ClusterConfig;
import io.mezzo.node.EpochFile;
import io.mezzo.state.EpochAdvance;
import io.mezzo.state.StateMaps;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the leader among 3 or 5 masters with a Hazelcast CP {@link FencedLock}: the master
 * that holds the lock leads. The lock's fence token, which grows with every acquisition, is
 * the epoch; after a reset of the CP subsystem (fence tokens start again) the epoch is kept
 * above every earlier one by the high-water mark in the replicated metadata and in the
 * master's work dir.
 *
 * <p>Leadership ends when the lock is no longer held, or when holding it cannot be confirmed
 * for longer than the CP session TTL allows (the majority may already have given the lock
 * to someone else: a partition, a long GC pause, SIGSTOP). All lock calls run on one thread
 * of this contender, since a FencedLock belongs to the thread that took it.
 */
public final class FencedLockContender implements LeaderContender {
  private static final Logger LOG = LoggerFactory.getLogger(FencedLockContender.class);

  static final String LOCK_NAME = "mezzo.leader";
  static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final Path epochFile;
  private final ClusterConfig cluster;
  private final ExecutorService thread;
  private volatile boolean withdrawn;
  private volatile long majorityLostAtNanos = -1;
  /** When the CP subsystem last answered a lock call. */
  private volatile long healthyAtNanos = System.nanoTime();
  private volatile boolean resetting;
  private final long resetWatch;
  private final CpSeat seat;

  /** @param seat keeps this master in the CP groups; closed when the contender withdraws */
  public FencedLockContender(Vertx vertx, HazelcastInstance hazelcast, Path workDir, ClusterConfig cluster, CpSeat seat) {
    this.vertx = vertx;
    this.seat = seat;
    this.hazelcast = hazelcast;
    this.epochFile = workDir.resolve(EpochFile.NAME);
    this.cluster = cluster;
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(runnable, "mezzo-leader-contender");
      t.setDaemon(true);
      return t;
    });
    hazelcast.getCPSubsystem().addGroupAvailabilityListener(new CPGroupAvailabilityListener() {
      @Override
      public void availabilityDecreased(CPGroupAvailabilityEvent event) {}

      @Override
      public void majorityLost(CPGroupAvailabilityEvent event) {
        if (event.isMetadataGroup()) {
          LOG.warn("the CP subsystem lost its majority ({} of {} members unavailable)",
              event.getUnavailableMembers().size(), event.getGroupMembers().size());
          majorityLostAtNanos = System.nanoTime();
        }
      }
    });
    // Lock calls block while the CP subsystem has no majority, so the way out is watched
    // from outside the contender's thread.
    resetWatch = vertx.setPeriodic(1000, id -> {
      if (!resetting && (majorityLostAtNanos >= 0 || stuck())) {
        resetting = true;
        vertx.executeBlocking(() -> {
          resetIfStuck();
          return null;
        }, false).onComplete(done -> resetting = false);
      }
    });
  }

  @Override
  public Future<Leadership> contend() {
    Promise<Leadership> elected = Promise.promise();
    thread.execute(() -> lead(elected));
    return elected.future();
  }

  @Override
  public Future<Void> withdraw() {
    withdrawn = true;
    vertx.cancelTimer(resetWatch);
    seat.close();
    thread.shutdown();
    return Future.succeededFuture();
  }

  private void lead(Promise<Leadership> elected) {
    while (!withdrawn) {
      FencedLock lock;
      long fence;
      try {
        // A fresh proxy every time: one made before a CP reset names a destroyed group.
        lock = hazelcast.getCPSubsystem().getLock(LOCK_NAME);
        fence = lock.tryLockAndGetFence(1, TimeUnit.SECONDS);
        // Won or not, the CP subsystem answered.
        healthyAtNanos = System.nanoTime();
      } catch (RuntimeException e) {
        LOG.debug("leader lock unavailable: {}", e.toString());
        pause(Duration.ofMillis(500));
        continue;
      }
      if (fence == FencedLock.INVALID_FENCE) {
        continue;
      }
      long epoch;
      try {
        epoch = claimEpoch(fence);
      } catch (Exception e) {
        LOG.warn("won the leader lock but could not record the epoch: {}", e.toString());
        unlockQuietly(lock);
        pause(Duration.ofMillis(500));
        continue;
      }
      hold(lock, epoch, elected);
      return;
    }
    elected.tryFail("withdrawn from the election");
  }

  /** Holds the lock and reports the term, confirming ownership until it is gone. */
  private void hold(FencedLock lock, long epoch, Promise<Leadership> elected) {
    LockTerm term = new LockTerm(vertx, cluster.cpSessionTtl(), CHECK_INTERVAL);
    LOG.info("elected leader with epoch {}", epoch);
    elected.complete(new Term(epoch, term.lost()));
    term.hold(lock, () -> withdrawn, () -> healthyAtNanos = System.nanoTime());
    unlockQuietly(lock);
  }

  /**
   * The new term's epoch: the fence token, unless the recorded high-water mark is at or
   * above it (after a CP reset), and records it in the metadata and the work dir.
   */
  private long claimEpoch(long fence) throws Exception {
    var meta = hazelcast.<String, byte[]>getMap(StateMaps.META);
    long recorded = Math.max(EpochFile.read(epochFile), EpochAdvance.epochOf(meta.get(StateMaps.EPOCH_KEY)));
    long epoch = Math.max(fence, recorded + 1);
    if (!meta.executeOnKey(StateMaps.EPOCH_KEY, new EpochAdvance(epoch))) {
      throw new IllegalStateException("the epoch high-water mark is already at or above " + epoch);
    }
    EpochFile.write(epochFile, epoch);
    return epoch;
  }

  /**
   * After the CP subsystem lost its majority, nothing can be elected until it is reset.
   * Once at least cp_member_count masters are members again (the lost ones were restarted)
   * and the lock stayed unavailable for a while, the oldest master resets it. A partition
   * that keeps the old majority alive elsewhere could then have two leaders; the epoch
   * fencing keeps agents and the state on the higher one, and cp_auto_reset=false leaves the
   * reset to an operator.
   */
  private void resetIfStuck() {
    long lostAt = majorityLostAtNanos;
    boolean majorityLost = lostAt >= 0 && System.nanoTime() - lostAt >= cluster.memberTimeout().multipliedBy(2).toNanos();
    if (!cluster.cpAutoReset() || !(majorityLost || stuck())) {
      return;
    }
    List<Member> masters = hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    if (masters.size() < cluster.cpMemberCount() || !masters.get(0).localMember() || metadataAnswers()) {
      return;
    }
    LOG.warn("resetting the CP subsystem: its majority is lost and {} masters are members again", masters.size());
    try {
      hazelcast.getCPSubsystem().getCPSubsystemManagementService().reset().toCompletableFuture().get(60, TimeUnit.SECONDS);
      majorityLostAtNanos = -1;
      healthyAtNanos = System.nanoTime();
    } catch (Exception e) {
      LOG.warn("CP subsystem reset failed: {}", e.toString());
    }
  }

  /**
   * Whether the CP subsystem's METADATA group answers a query now. It always does while a
   * majority of CP members is alive; this is the last check before a reset, since a master
   * that was merely paused (SIGSTOP, a long GC) also finds its lock calls unanswered for a
   * while and must not reset a healthy subsystem when it resumes.
   */
  private boolean metadataAnswers() {
    try {
      hazelcast.getCPSubsystem().getCPSubsystemManagementService().getCPGroup("METADATA")
          .toCompletableFuture().get(cluster.memberTimeout().toMillis(), TimeUnit.MILLISECONDS);
      healthyAtNanos = System.nanoTime();
      majorityLostAtNanos = -1;
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Whether the CP subsystem has not answered a lock call for three member timeouts: longer
   * than any election among a majority takes, so the majority is gone. (The majority-lost
   * event says so sooner, but a member that joined the groups moments before the loss may
   * never hear it.)
   */
  private boolean stuck() {
    return System.nanoTime() - healthyAtNanos > cluster.memberTimeout().multipliedBy(3).toNanos();
  }

  private static void unlockQuietly(FencedLock lock) {
    try {
      if (lock.isLockedByCurrentThread()) {
        lock.unlock();
      }
    } catch (RuntimeException ignored) {
      // The session is gone already; so is the lock.
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Term(long epoch, Future<Void> lost) implements Leadership {}
}
