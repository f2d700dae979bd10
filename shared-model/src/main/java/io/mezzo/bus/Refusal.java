package io.mezzo.bus;

import io.mezzo.model.Ids;
import java.util.Objects;

/**
 * A call refused before it changed anything: the {@link Failure} to answer with and why.
 * Whoever checks a call throws it (the master's validation and core, the HTTP endpoints of
 * masters and agents); the layer that received the call answers with a reply failure of the
 * same code or an HTTP error of the same status. A client that gets such an answer may throw
 * it again, so that its caller sees the refusal the server made.
 */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public Refusal(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** Why the call was refused. */
  public Failure failure() {
    return failure;
  }

  /** The HTTP status that answers the call. */
  public int status() {
    return failure.code();
  }

  /** The call is malformed or invalid. */
  public static Refusal badRequest(String message) {
    return new Refusal(Failure.BAD_REQUEST, message);
  }

  /** The call names something that does not exist. */
  public static Refusal notFound(String message) {
    return new Refusal(Failure.NOT_FOUND, message);
  }

  /** Refuses the call unless {@code id} is a valid {@code what} ID. */
  public static void requireId(String what, String id) {
    String problem = Ids.problem(what, id);
    if (problem != null) {
      throw badRequest(problem);
    }
  }
}
