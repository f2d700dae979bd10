package io.mezzo.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why a call was refused. A failure crosses the event bus as
 * {@code message.fail(failure.code(), why)}; callers recover the failure with
 * {@link #of(Throwable)}. Codes are the HTTP status a REST API would give, and an HTTP API
 * answers with that status; thrown, a failure is a {@link Refusal}.
 */
public enum Failure {
  /** The call is malformed or invalid; nothing changed. */
  BAD_REQUEST(400),
  /** The caller is not subscribed, or not through the stream it names. */
  FORBIDDEN(403),
  /** The framework, agent, task or offer named does not exist. */
  NOT_FOUND(404),
  /** The response cannot take a form the request's {@code Accept} header admits (HTTP only). */
  NOT_ACCEPTABLE(406),
  /** The call conflicts with the current state (a duplicate agent, a removed framework). */
  CONFLICT(409),
  /** The request's body comes in a media type the endpoint does not read (HTTP only). */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The master failed to handle the call; a bug or an unavailable dependency. */
  INTERNAL(500),
  /** This node is not the leading master, or the leader is not ready yet. */
  UNAVAILABLE(503),
  /** No reply came in time, or nobody listens at the address. */
  NO_REPLY(504);

  private final int code;

  Failure(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The failure for a reply failure code, or {@link #INTERNAL} for an unknown one. */
  public static Failure ofCode(int code) {
    for (Failure failure : values()) {
      if (failure.code == code) {
        return failure;
      }
    }
    return INTERNAL;
  }

  /** The failure that {@code error} (a request's failure) stands for. */
  public static Failure of(Throwable error) {
    if (error instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return ofCode(reply.failureCode());
      }
      return NO_REPLY;
    }
    return INTERNAL;
  }

  /** A reply exception carrying this failure, for futures that fail without a message. */
  public ReplyException exception(String why) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, why);
  }
}
