package io.mezzo.http;

import io.mezzo.bus.Failure;
import io.vertx.core.eventbus.ReplyException;
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
    if (failure instanceof ApiException api) {
      send(context, api.status(), api.getMessage());
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
