package io.mezzo.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** A streaming HTTP response of RecordIO-framed events, as Mesos's v1 streaming APIs answer. */
final class HttpStreamSink<E extends com.google.protobuf.Message> implements StreamSink<E> {
  /**
   * Bytes the connection may hold unsent before the stream counts as stalled: room for a
   * few large events, far below what would strain the master.
   */
  static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

  private final RoutingContext context;
  private final HttpServerResponse response;
  private final ProtoMediaType media;

  HttpStreamSink(RoutingContext context, ProtoMediaType media) {
    this.context = context;
    this.response = context.response();
    this.media = media;
  }

  @Override
  public void onGone(Handler<String> onGone) {
    response.closeHandler(v -> onGone.handle("the connection closed"));
    response.exceptionHandler(error -> onGone.handle("the connection failed: " + error.getMessage()));
  }

  @Override
  public void start(String streamId, boolean showsStreamId) {
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, media.mime())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Compression could hold records back in the compressor; each must leave at once.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    if (showsStreamId) {
      response.putHeader(io.mezzo.bus.Headers.STREAM_ID, streamId);
    }
  }

  @Override
  public void write(E event) {
    response.write(RecordIo.frame(media.encode(event)));
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void end() {
    if (!response.closed() && !response.ended()) {
      response.end();
    }
  }

  @Override
  public void reset() {
    if (!response.closed()) {
      response.reset();
    }
  }

  @Override
  public void refuse(Throwable cause) {
    // The router's failure handler turns the master's refusal into a JSON 4xx/5xx.
    context.fail(cause);
  }
}
