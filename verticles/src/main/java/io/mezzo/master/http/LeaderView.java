package io.mezzo.master.http;

import io.mezzo.v1.MasterInfo;

/** What a master node's HTTP side knows of the election: whether this node leads, and who does. */
public interface LeaderView {
  /** Whether this node is the leader and serves the APIs itself. */
  boolean leading();

  /** The leader, or null while none is known. */
  MasterInfo leader();
}
