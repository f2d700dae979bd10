package io.mezzo.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error an HTTP API of Mezzo returns is JSON: {@code {"error": "why", "status": 400}}.
 * Bad requests get a 4xx with a message that says what to fix; anything else is a 500 whose
 * details stay in the log. What a client can cause at will (malformed requests, connections
 * it drops) is logged at debug level in one line: never a stack trace a flood could repeat.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** The body of an error answer. */
  static String json(int status, String message) {
    return new JsonObject().put("error", message).put("status", status).encode();
  }

  /** Ends the request with {@code status} and {@code message}. */
  public static void send(RoutingContext context, int status, String message) {
    if (context.response().ended() || context.response().closed()) {
      return;
    }
    if (context.response().headWritten()) {
      // A streamed response already began: the connection is all that is left to end.
      context.response().reset();
      return;
    }
    context.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json(status, message));
  }

  /** The router's failure handler: turns any failure into a JSON error. */
  public static void handle(RoutingContext context) {
    Throwable failure = context.failure();
    if (failure instanceof Refusal refusal) {
      send(context, refusal.status(), refusal.getMessage());
    } else if (failure instanceof ReplyException reply) {
      Failure kind = Failure.of(reply);
      int status = kind == Failure.NO_REPLY ? 503 : kind.code();
      send(context, status, kind == Failure.NO_REPLY ? "The master did not answer: " + reply.getMessage() : reply.getMessage());
    } else if (failure != null && clientGone(context, failure)) {
      LOG.debug("HTTP request {} {} ended by its connection: {}", context.request().method(), context.request().path(),
          failure.toString());
      send(context, 400, "The connection failed: " + failure.getMessage());
    } else if (failure != null) {
      LOG.error("HTTP request {} {} failed", context.request().method(), context.request().path(), failure);
      send(context, 500, "Internal error; see the node's log");
    } else {
      int status = context.statusCode() < 400 ? 500 : context.statusCode();
      send(context, status, reason(status));
    }
  }

  /** Failures of the connection rather than of the server: the client closed, reset or broke it. */
  private static boolean clientGone(RoutingContext context, Throwable failure) {
    return failure instanceof HttpClosedException || failure instanceof StreamResetException || context.response().closed();
  }

  /**
   * The server's handler of requests its decoder refused (a request line or headers over the
   * limits, a malformed request, a version other than HTTP/1.x), which never reach the
   * router: they get a JSON error too, and the connection closes since the rest of its bytes
   * cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431
        : cause instanceof ConnectionGuard.UnsupportedVersionException ? 505
        : 400;
    String message = switch (status) {
      case 414, 431 -> reason(status) + " (request line at most " + HttpServers.MAX_INITIAL_LINE
          + " bytes, headers at most " + HttpServers.MAX_HEADER_BYTES + " bytes)";
      case 505 -> cause.getMessage();
      default -> cause != null && cause.getMessage() != null ? "Malformed HTTP request: " + cause.getMessage() : reason(400);
    };
    LOG.debug("refusing an invalid HTTP request from {}: {}", request.remoteAddress(), message);
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(json(status, message));
  }

  /**
   * The server's handler of connection failures outside any request's handlers (a decoding
   * failure once answered, a reset by the peer): one debug line, since clients cause them.
   */
  public static void connectionFailed(Throwable failure) {
    LOG.debug("HTTP connection failed: {}", failure.toString());
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 404 -> "No such endpoint";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 414 -> "Request line too long";
      case 415 -> "Unsupported media type";
      case 431 -> "Request headers too large";
      default -> "Request failed";
    };
  }
}
