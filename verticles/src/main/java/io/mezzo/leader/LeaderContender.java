package io.mezzo.leader;

import io.vertx.core.Future;

/**
 * Takes part in the election of the leading master, as Mesos's contender does: a future of
 * a future. {@link #contend()} completes when this node is elected; the leadership's
 * {@link Leadership#lost()} completes when it stops being the leader.
 */
public interface LeaderContender {
  /** Completes with a leadership once this node leads; may be called again after a loss. */
  Future<Leadership> contend();

  /** Withdraws from the election, giving up leadership if held. */
  Future<Void> withdraw();
}
