package io.mezzo.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** HTTP servers with the limits every Mezzo endpoint relies on. */
public final class HttpServers {
  /** Largest request body accepted (scheduler calls with many tasks fit easily). */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
  /** Longest request line, which bounds query strings. */
  public static final int MAX_INITIAL_LINE = 8 * 1024;
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private HttpServers() {}

  /**
   * The options of every Mezzo HTTP server. HTTP/1.1 only: every API is HTTP/1.1 (Mesos's
   * v1 APIs, server-sent events, files), and without cleartext HTTP/2 each connection is an
   * HTTP/1.x one from its first byte, so that {@link ConnectionGuard} bounds all of them.
   */
  public static HttpServerOptions options(String host, int port, HttpTimeouts timeouts) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, timeouts.idle().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setCompressionSupported(true);
  }

  /**
   * A router whose bodies are limited and read in memory, and whose failures all become JSON
   * errors ({@link HttpErrors}).
   */
  public static Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route().failureHandler(HttpErrors::handle);
    router.errorHandler(404, HttpErrors::handle);
    router.errorHandler(405, HttpErrors::handle);
    return router;
  }

  /**
   * Starts an HTTP server on the caller's context serving {@code endpoints}; port 0 picks a
   * free port ({@link HttpServer#actualPort()}). Requests over the limits, or that the
   * decoder cannot read, get JSON errors too; connections are bounded by {@code timeouts}.
   */
  public static Future<HttpServer> listen(
      Vertx vertx, String host, int port, HttpTimeouts timeouts, List<? extends Endpoints> endpoints) {
    Router router = router(vertx);
    endpoints.forEach(group -> group.mount(router));
    return vertx.createHttpServer(options(host, port, timeouts))
        .connectionHandler(connection -> ConnectionGuard.install(connection, timeouts.header()))
        .requestHandler(router)
        .invalidRequestHandler(HttpErrors::invalidRequest)
        .exceptionHandler(HttpErrors::connectionFailed)
        .listen();
  }

  /** {@link #listen(Vertx, String, int, HttpTimeouts, List)} with the default timeouts. */
  public static Future<HttpServer> listen(Vertx vertx, String host, int port, List<? extends Endpoints> endpoints) {
    return listen(vertx, host, port, HttpTimeouts.DEFAULTS, endpoints);
  }
}
