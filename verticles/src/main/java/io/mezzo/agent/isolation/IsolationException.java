package io.mezzo.agent.isolation;

/** A run or task cannot be isolated as configured (unknown user, root refused, cgroup error); its message is for the framework. */
public final class IsolationException extends Exception {
  public IsolationException(String message) {
    super(message);
  }

  public IsolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
