package io.mezzo.agent.fetcher;

import java.io.IOException;

/** Why a URI could not be fetched, in words for the task's TASK_FAILED message. */
public final class FetchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A failure explained by {@code message}. */
  public FetchException(String message) {
    super(message);
  }

  /** A failure explained by {@code message}, caused by {@code cause}. */
  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
