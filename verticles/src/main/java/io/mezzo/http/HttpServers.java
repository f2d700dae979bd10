package io.mezzo.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** HTTP servers with the limits every Mezzo endpoint relies on. */
public final class HttpServers {
  /** Largest request body accepted (scheduler calls with many tasks fit easily). */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
  /** Longest request line, which bounds query strings. */
  public static final int MAX_INITIAL_LINE = 8 * 1024;
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private HttpServers() {}

  public static HttpServerOptions options(String host, int port) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
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
   * free port ({@link HttpServer#actualPort()}). Requests over the limits get JSON errors too.
   */
  public static Future<HttpServer> listen(Vertx vertx, String host, int port, List<? extends Endpoints> endpoints) {
    Router router = router(vertx);
    endpoints.forEach(group -> group.mount(router));
    return vertx.createHttpServer(options(host, port))
        .requestHandler(router)
        .invalidRequestHandler(HttpErrors::invalidRequest)
        .listen();
  }
}
