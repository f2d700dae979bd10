package io.mezzo.http;

import io.vertx.core.Handler;

/**
 * Where a {@link SubscriptionStream} writes its events: a streaming HTTP response of RecordIO
 * records ({@link HttpStreamSink}) or a gRPC server stream. The stream keeps the rules
 * (epochs, heartbeats, back-pressure, silence); a sink only knows its transport.
 *
 * @param <E> the API's event message
 */
public interface StreamSink<E> {
  /** Calls {@code onGone} once when the client's connection closes or fails. */
  void onGone(Handler<String> onGone);

  /** Starts the answer: the subscription was accepted under {@code streamId}. */
  void start(String streamId, boolean showsStreamId);

  /** Writes one event. */
  void write(E event);

  /** Whether the transport already holds as much unsent data as it may. */
  boolean full();

  /** Ends the answer cleanly after the last complete event. */
  void end();

  /** Cuts the answer off; the client will subscribe again. */
  void reset();

  /** Answers the refused subscription with {@code cause} (a {@link io.mezzo.bus.Refusal} or a reply failure). */
  void refuse(Throwable cause);
}
