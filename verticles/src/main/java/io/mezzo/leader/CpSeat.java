package io.mezzo.leader;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this master in its seat in the CP groups, so that the cluster tolerates one more
 * failure at every moment that all its masters run.
 *
 * <p>A master restarted after a crash is a new Hazelcast member, outside the groups that
 * dropped its earlier self: it promotes itself into the free seat. A master that was paused
 * (SIGSTOP, a long GC) or cut off for longer than the missing-member auto-removal is dropped
 * from the groups while it lives; Hazelcast clears a member's CP identity only when the whole
 * CP subsystem is reset, so it still believes itself a CP member, and a promotion is a no-op.
 * The only way back into the groups is to leave the cluster and join it again as a new
 * member: this watcher notices that the groups no longer list its identity and asks for that
 * ({@code onSeatLost}). Checks run on a thread of their own, apart from the lock contention,
 * every {@link #CHECK_INTERVAL}; each Hazelcast call is bounded.
 */
public final class CpSeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CpSeat.class);

  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  /**
   * Consecutive checks that must find this member's identity missing before it rejoins: the
   * member list is read by a linearizable query, but one check is cheap to wait for.
   */
  static final int MISSING_CHECKS = 2;
  /** An answer older than this says nothing about the groups now. */
  static final Duration STALE = Duration.ofSeconds(3);

  private final HazelcastInstance hazelcast;
  private final int cpMemberCount;
  private final Runnable onSeatLost;
  private final ScheduledExecutorService thread;
  private volatile int members = -1;
  private volatile boolean seated;
  /** When a check last got an answer; a paused or cut-off member's last answer is stale. */
  private volatile long answeredAtNanos = System.nanoTime() - STALE.toNanos();
  private int missing;
  private boolean lost;

  /**
   * @param cpMemberCount the number of seats (cluster.cp_member_count)
   * @param onSeatLost called once, on this watcher's thread, when this member was removed from
   *     the CP groups while alive
   */
  public CpSeat(HazelcastInstance hazelcast, int cpMemberCount, Runnable onSeatLost) {
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.cpMemberCount = cpMemberCount;
    this.onSeatLost = Objects.requireNonNull(onSeatLost, "onSeatLost");
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "mezzo-cp-seat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts watching. */
  public CpSeat start() {
    thread.scheduleWithFixedDelay(this::checkQuietly, 0, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The CP members the groups listed at the last check; -1 while no recent check got an answer. */
  public int members() {
    return fresh() ? members : -1;
  }

  /** Whether the groups listed this member at a recent check. */
  public boolean seated() {
    return fresh() && seated;
  }

  private boolean fresh() {
    return System.nanoTime() - answeredAtNanos < STALE.toNanos();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void checkQuietly() {
    try {
      check();
    } catch (Exception e) {
      // The next check tries again (no majority, a merge under way, the member stopping).
      LOG.debug("cannot check the CP seat: {}", e.toString());
    }
  }

  private void check() throws Exception {
    CPSubsystemManagementService management = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
    if (lost || !management.isDiscoveryCompleted()) {
      return;
    }
    Collection<CPMember> listed = management.getCPMembers().toCompletableFuture()
        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    members = listed.size();
    answeredAtNanos = System.nanoTime();
    CPMember local = hazelcast.getCPSubsystem().getLocalCPMember();
    if (local == null) {
      seated = false;
      missing = 0;
      // Only into a free seat: while the majority is lost a promotion cannot commit, and
      // left pending it would collide with the members a reset brings in by itself.
      if (listed.size() < cpMemberCount) {
        management.promoteToCPMember().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.info("took a seat in the CP subsystem");
      }
      return;
    }
    seated = listed.stream().anyMatch(member -> member.getUuid().equals(local.getUuid()));
    if (seated) {
      missing = 0;
    } else if (++missing >= MISSING_CHECKS) {
      lost = true;
      answeredAtNanos = System.nanoTime() - STALE.toNanos();
      LOG.warn("the CP groups removed this master while it was unreachable ({} of {} seats taken);"
          + " rejoining the cluster as a new member to take a seat again", listed.size(), cpMemberCount);
      onSeatLost.run();
    }
  }
}
