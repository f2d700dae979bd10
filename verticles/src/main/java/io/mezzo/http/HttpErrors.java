package io.mezzo.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error an HTTP API of Mezzo returns is JSON: {@code {"error": "why", "status": 400}}.
 * Bad requests get a 4xx with a message that says what to fix; anything else is a 500 whose
 * details stay in the log.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** Ends the request with {@code status} and {@code message}. */
  public static void send(RoutingContext context, int status, String message) {
    if (context.response().ended()) {
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
        .end(new JsonObject().put("error", message).put("status", status).encode());
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
    } else if (failure != null) {
      LOG.error("HTTP request {} {} failed", context.request().method(), context.request().path(), failure);
      send(context, 500, "Internal error; see the node's log");
    } else {
      int status = context.statusCode() < 400 ? 500 : context.statusCode();
      send(context, status, reason(status));
    }
  }

  /**
   * The server's handler of requests its decoder refused (a request line or headers over the
   * limits, a malformed request), which never reach the router: they get a JSON error too,
   * and the connection closes since the rest of its bytes cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String message = status == 400 && cause != null && cause.getMessage() != null
        ? "Malformed HTTP request: " + cause.getMessage()
        : reason(status) + " (request line at most " + HttpServers.MAX_INITIAL_LINE + " bytes, headers at most "
            + HttpServers.MAX_HEADER_BYTES + " bytes)";
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", message).put("status", status).encode());
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
