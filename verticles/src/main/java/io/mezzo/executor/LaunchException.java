package io.mezzo.executor;

/** Failure to start a task's processes; no process of the task is left behind when it is raised. */
public class LaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A launch failure explained by {@code message}. */
  public LaunchException(String message) {
    super(message);
  }

  /** A launch failure explained by {@code message}, caused by {@code cause}. */
  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
