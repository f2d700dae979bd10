package io.mezzo.checks.core;

import io.mezzo.v1.CheckStatusInfo;

/**
 * What the results of a health check mean, as Mesos's HealthChecker decides: a failure in
 * the grace period (counted from the start, before the first success) is ignored; each other
 * failure is counted and reported, and the one that reaches {@code consecutive_failures}
 * kills the task; the first success, and the first after failures, is reported healthy.
 */
public final class HealthJudge {
  /** What to do with one result. */
  public record Verdict(Kind kind, int consecutiveFailures, boolean kill, String why) {
    static final Verdict NONE = new Verdict(Kind.NONE, 0, false, null);
  }

  /** Whether a result is reported, and how. */
  public enum Kind {
    /** Nothing to report: healthy as before, or a failure inside the grace period. */
    NONE,
    HEALTHY,
    UNHEALTHY
  }

  private final int consecutiveFailures;
  private final long graceNanos;
  private final long startNanos;
  private boolean initializing = true;
  private int failures;

  /**
   * @param consecutiveFailures failures in a row that kill the task (0 kills at the first, as in Mesos)
   * @param graceNanos how long after {@code startNanos} failures are ignored, until a first success
   */
  public HealthJudge(int consecutiveFailures, long graceNanos, long startNanos) {
    this.consecutiveFailures = consecutiveFailures;
    this.graceNanos = graceNanos;
    this.startNanos = startNanos;
  }

  /** The verdict on {@code result}, found at {@code nowNanos}. */
  public Verdict judge(ProbeResult result, long nowNanos) {
    String failure = failure(result);
    if (failure == null) {
      boolean report = initializing || failures > 0;
      initializing = false;
      failures = 0;
      return report ? new Verdict(Kind.HEALTHY, 0, false, null) : Verdict.NONE;
    }
    if (initializing && graceNanos > 0 && nowNanos - startNanos <= graceNanos) {
      return Verdict.NONE;
    }
    failures++;
    return new Verdict(Kind.UNHEALTHY, failures, failures >= consecutiveFailures, failure);
  }

  /**
   * Why {@code result} is a failed health check, or null when it passed: a non-zero exit, an
   * HTTP status outside 200-399, a refused connection, or no result at all.
   */
  public static String failure(ProbeResult result) {
    if (result.error() != null) {
      return result.error();
    }
    CheckStatusInfo status = result.status();
    return switch (status.getType()) {
      case COMMAND -> status.getCommand().getExitCode() == 0
          ? null
          : "Command exited with status " + status.getCommand().getExitCode();
      case HTTP -> {
        int code = status.getHttp().getStatusCode();
        yield code >= 200 && code < 400 ? null : "Unexpected HTTP response code: " + code;
      }
      case TCP -> status.getTcp().getSucceeded() ? null : "TCP connection failed";
      case UNKNOWN -> "Unknown check result";
    };
  }
}
