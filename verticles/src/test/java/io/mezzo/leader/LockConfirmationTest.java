package io.mezzo.leader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.exception.CannotReplicateException;
import com.hazelcast.cp.exception.NotLeaderException;
import com.hazelcast.cp.exception.StaleAppendRequestException;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import org.junit.jupiter.api.Test;

/**
 * Which failed lock confirmations end a term at once: only those that prove the lock gone.
 * The others (seen while the CP groups change members) are retried, and the contender's
 * watchdog ends the term if nothing confirms the lock within cp_session_ttl - 0.5 s.
 */
class LockConfirmationTest {
  @Test
  void provenLossEndsTheTerm() {
    assertTrue(FencedLockContender.definitelyLost(new LockOwnershipLostException("taken")));
    assertTrue(FencedLockContender.definitelyLost(new CPGroupDestroyedException()));
    assertTrue(FencedLockContender.definitelyLost(new HazelcastInstanceNotActiveException()));
  }

  @Test
  void raftChurnIsRetried() {
    assertFalse(FencedLockContender.definitelyLost(new CannotReplicateException(null)));
    assertFalse(FencedLockContender.definitelyLost(new NotLeaderException(null, null, null)));
    assertFalse(FencedLockContender.definitelyLost(new StaleAppendRequestException(null)));
    assertFalse(FencedLockContender.definitelyLost(new OperationTimeoutException("slow")));
  }
}
