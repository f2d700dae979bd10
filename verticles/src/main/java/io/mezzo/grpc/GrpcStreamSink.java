package io.mezzo.grpc;

import io.mezzo.http.StreamSink;
import io.vertx.core.Handler;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;

/**
 * A gRPC server stream of events. Back-pressure is the HTTP streams' rule: once the
 * stream's write queue is full (the client reads too slowly, HTTP/2 flow control holds the
 * rest) the {@link io.mezzo.http.SubscriptionStream} cuts it off rather than buffering, so
 * a slow subscriber never grows the heap.
 */
final class GrpcStreamSink<E> implements StreamSink<E> {
  /** Metadata key of the subscription's stream ID, as the HTTP API's {@code Mesos-Stream-Id} header. */
  static final String STREAM_ID = io.mezzo.bus.GrpcMetadata.STREAM_ID;
  /** Bytes a stream may hold unsent before it counts as stalled, as the HTTP streams. */
  static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

  private final GrpcServerResponse<?, E> response;
  private boolean done;

  GrpcStreamSink(GrpcServerResponse<?, E> response) {
    this.response = response;
    response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
  }

  @Override
  public void onGone(Handler<String> onGone) {
    // A cancel, an expired deadline or a closed connection all reset the stream.
    response.exceptionHandler(error -> {
      done = true;
      onGone.handle("the client went away: " + error);
    });
  }

  @Override
  public void start(String streamId, boolean showsStreamId) {
    if (showsStreamId) {
      response.headers().set(STREAM_ID, streamId);
    }
    response.writeHead();
  }

  @Override
  public void write(E event) {
    if (!done) {
      response.write(event);
    }
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void end() {
    finish(GrpcStatus.OK, null);
  }

  @Override
  public void reset() {
    // UNAVAILABLE is gRPC's "try again": the client subscribes again, to the new leader.
    finish(GrpcStatus.UNAVAILABLE, "the subscription was cut off; subscribe again");
  }

  @Override
  public void refuse(Throwable cause) {
    finish(GrpcStatuses.of(cause), GrpcStatuses.message(cause));
  }

  private void finish(GrpcStatus status, String message) {
    if (done) {
      return;
    }
    done = true;
    response.status(status);
    if (message != null) {
      response.statusMessage(message);
    }
    response.end();
  }
}
