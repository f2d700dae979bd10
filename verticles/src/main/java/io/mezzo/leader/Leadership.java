package io.mezzo.leader;

import io.vertx.core.Future;

/** A term of leadership: its epoch, and a future that completes when the term ends. */
public interface Leadership {
  /** The epoch of this term: higher than that of every earlier term. */
  long epoch();

  /** Completes when this node is no longer the leader; it must stop acting at once. */
  Future<Void> lost();
}
