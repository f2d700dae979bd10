package io.mezzo.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why the master refused a call. A failure crosses the event bus as
 * {@code message.fail(failure.code(), why)}; callers recover the failure with
 * {@link #of(Throwable)}. Codes follow the HTTP status a REST API would give.
 */
public enum Failure {
  /** The call is malformed or invalid; nothing changed. */
  BAD_REQUEST(400),
  /** The caller is not subscribed, or not through the stream it names. */
  FORBIDDEN(403),
  /** The framework, agent, task or offer named does not exist. */
  NOT_FOUND(404),
  /** The call conflicts with the current state (a duplicate agent, a removed framework). */
  CONFLICT(409),
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
