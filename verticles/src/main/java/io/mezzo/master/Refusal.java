package io.mezzo.master;

import io.mezzo.bus.Failure;
import io.mezzo.model.Ids;

/**
 * Thrown by the master's handlers when a call is refused; the API layer turns it into a
 * reply failure with the same code and message. Thrown before anything changes.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  Refusal(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  Failure failure() {
    return failure;
  }

  static Refusal badRequest(String message) {
    return new Refusal(Failure.BAD_REQUEST, message);
  }

  static Refusal notFound(String message) {
    return new Refusal(Failure.NOT_FOUND, message);
  }

  /** Refuses the call unless {@code id} is a valid {@code what} ID. */
  static void requireId(String what, String id) {
    String problem = Ids.problem(what, id);
    if (problem != null) {
      throw badRequest(problem);
    }
  }
}
