package io.mezzo.bus;

/** Event-bus message headers. */
public final class Headers {
  /**
   * The epoch of the leader that sent a message. Agents and schedulers drop messages from
   * a lower epoch than the highest they have seen, so a deposed leader can never act.
   */
  public static final String EPOCH = "mezzo-epoch";

  /**
   * The scheduler subscription a call belongs to, as Mesos's {@code Mesos-Stream-Id} HTTP
   * header. The scheduler client chooses it before subscribing and listens on
   * {@link Addresses#scheduler(String)}.
   */
  public static final String STREAM_ID = "Mesos-Stream-Id";

  private Headers() {}
}
