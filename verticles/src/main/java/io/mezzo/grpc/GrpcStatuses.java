package io.mezzo.grpc;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.grpc.common.GrpcStatus;

/**
 * The one mapping from Mezzo's typed failures ({@link Refusal}, {@link Failure}, event-bus
 * reply failures) to gRPC status codes, as the HTTP API maps them to HTTP statuses.
 */
public final class GrpcStatuses {
  private GrpcStatuses() {}

  /** The status for {@code failure}. */
  public static GrpcStatus of(Failure failure) {
    return switch (failure) {
      case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE -> GrpcStatus.INVALID_ARGUMENT;
      // Mesos answers 403 to a call from a scheduler that is not subscribed (or names
      // another stream): the call is out of order, not an authorization decision.
      case FORBIDDEN, CONFLICT -> GrpcStatus.FAILED_PRECONDITION;
      case NOT_FOUND -> GrpcStatus.NOT_FOUND;
      case UNAVAILABLE -> GrpcStatus.UNAVAILABLE;
      case NO_REPLY -> GrpcStatus.DEADLINE_EXCEEDED;
      case INTERNAL -> GrpcStatus.INTERNAL;
    };
  }

  /** The failure {@code error} stands for: a thrown {@link Refusal}, or a request's reply failure. */
  public static Failure failure(Throwable error) {
    if (error instanceof Refusal refusal) {
      return refusal.failure();
    }
    return Failure.of(error);
  }

  /** The status for any error a call ended with. */
  public static GrpcStatus of(Throwable error) {
    return of(failure(error));
  }

  /** The message sent with the status: the refusal's reason, never a stack trace. */
  public static String message(Throwable error) {
    if (error instanceof Refusal || error instanceof ReplyException) {
      return error.getMessage();
    }
    return "the master failed to handle the call";
  }
}
