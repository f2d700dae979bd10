package io.mezzo.master.http.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's server-sent event stream. A browser that reads too slowly is cut off rather
 * than buffered for: once the connection holds {@link #WRITE_QUEUE_BYTES} unsent, the stream
 * ends, and the browser reconnects to a fresh snapshot. Used on the HTTP event loop only.
 */
final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  /** Room for a large cluster's snapshot and a few updates; far below what would strain the master. */
  static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;
  /** How long a browser waits before reconnecting a stream that ended. */
  static final long RETRY_MILLIS = 2000;

  private final HttpServerResponse response;
  private final Consumer<EventStream> onEnd;
  private boolean ended;

  EventStream(HttpServerResponse response, Consumer<EventStream> onEnd) {
    this.response = response;
    this.onEnd = onEnd;
  }

  /** Sends the response's head; events follow as they come. */
  void open() {
    response.closeHandler(v -> ended("the connection closed"));
    response.exceptionHandler(error -> ended("the connection failed: " + error.getMessage()));
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Compression would hold events back in the compressor; each must leave at once.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Accel-Buffering", "no")
        .setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    response.write(SseFrame.retry(RETRY_MILLIS));
  }

  /** Writes {@code frame}, or ends a stream whose browser does not keep up. */
  void send(Buffer frame) {
    if (ended) {
      return;
    }
    if (response.closed()) {
      ended("the connection closed");
      return;
    }
    if (response.writeQueueFull()) {
      LOG.info("ending a dashboard event stream: the browser does not read fast enough");
      ended("too slow");
      response.reset();
      return;
    }
    response.write(frame);
  }

  /** Ends the stream cleanly; the browser's EventSource reconnects after {@link #RETRY_MILLIS}. */
  void close(String why) {
    if (ended) {
      return;
    }
    ended(why);
    if (!response.closed() && !response.ended()) {
      response.end();
    }
  }

  boolean ended() {
    return ended;
  }

  private void ended(String why) {
    if (ended) {
      return;
    }
    LOG.debug("dashboard event stream ended: {}", why);
    ended = true;
    onEnd.accept(this);
  }
}
