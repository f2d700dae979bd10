package io.mezzo.master.http;

import io.mezzo.v1.MasterInfo;

/** What a master node's HTTP side knows of the election: whether this node leads, and who does. */
public interface LeaderView {
  /** Whether this node is the leader and serves the APIs itself. */
  boolean leading();

  /** The leader, or null while none is known. */
  MasterInfo leader();

  /**
   * The port of the leader's gRPC API (on the leader's address): 0 when the leader serves
   * no gRPC, -1 when unknown (no leader, or one that did not publish it).
   */
  default int leaderGrpcPort() {
    return -1;
  }
}
