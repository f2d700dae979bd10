package io.mezzo.bus;

/** The metadata keys of Mezzo's gRPC API, shared by its server and its clients (gRPC keys are lower case). */
public final class GrpcMetadata {
  /** A subscription's stream ID: in Subscribe's response headers, then in every Call's metadata. */
  public static final String STREAM_ID = "mesos-stream-id";
  /** In a standby's UNAVAILABLE: the leader's gRPC address, {@code host:port}. */
  public static final String LEADER = "mezzo-leader";
  /** In a standby's UNAVAILABLE: the leader's HTTP address, {@code host:port}. */
  public static final String LEADER_HTTP = "mezzo-leader-http";

  private GrpcMetadata() {}
}
