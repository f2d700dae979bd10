package io.mezzo.checks.core;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.HealthCheck;
import io.mezzo.v1.NetworkInfo;
import java.util.Objects;

/**
 * One check of a task, read from a {@link HealthCheck} or a {@link CheckInfo} (validated by
 * the master) with Mesos's defaults: what to probe and on which schedule.
 *
 * @param type what kind of probe; never UNKNOWN
 * @param delayNanos wait before the first attempt, from the moment the task runs
 * @param intervalNanos wait after an attempt ends (or times out) before the next
 * @param timeoutNanos how long one attempt may take; 0 for no limit (Mesos's meaning of 0)
 * @param command the command of a COMMAND check, else null
 * @param https whether an HTTP check uses TLS (not verified, as Mesos's curl -k)
 * @param port the port of an HTTP or TCP check on the task's loopback address
 * @param path the request path of an HTTP check, starting with '/'
 * @param ipv6 whether HTTP and TCP checks go to ::1 instead of 127.0.0.1
 */
public record CheckSpec(
    CheckInfo.Type type,
    long delayNanos,
    long intervalNanos,
    long timeoutNanos,
    CommandInfo command,
    boolean https,
    int port,
    String path,
    boolean ipv6) {
  /**
   * The shortest wait between attempts. Mesos allows an interval of 0 ("right after the
   * last one"); a check that fails at once would then spawn processes in a tight loop.
   */
  public static final long MIN_INTERVAL_NANOS = 100_000_000L;

  /** Checks the invariants the master's validation guarantees, so that a bad spec fails here and not later. */
  public CheckSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    if (type == CheckInfo.Type.UNKNOWN) {
      throw new IllegalArgumentException("a check needs a type");
    }
    if (type == CheckInfo.Type.COMMAND && command == null) {
      throw new IllegalArgumentException("a COMMAND check needs a command");
    }
    if (delayNanos < 0 || intervalNanos < 0 || timeoutNanos < 0) {
      throw new IllegalArgumentException("check durations must not be negative");
    }
    intervalNanos = Math.max(intervalNanos, MIN_INTERVAL_NANOS);
  }

  /** The spec of a health check, whose HTTP check may be https and IPv6. */
  public static CheckSpec of(HealthCheck check) {
    return switch (check.getType()) {
      case COMMAND -> new CheckSpec(CheckInfo.Type.COMMAND, nanos(check.getDelaySeconds()),
          nanos(check.getIntervalSeconds()), nanos(check.getTimeoutSeconds()), check.getCommand(), false, 0, "/", false);
      case HTTP -> new CheckSpec(CheckInfo.Type.HTTP, nanos(check.getDelaySeconds()), nanos(check.getIntervalSeconds()),
          nanos(check.getTimeoutSeconds()), null, check.getHttp().getScheme().equals("https"), check.getHttp().getPort(),
          path(check.getHttp().getPath()), check.getHttp().getProtocol() == NetworkInfo.Protocol.IPv6);
      case TCP -> new CheckSpec(CheckInfo.Type.TCP, nanos(check.getDelaySeconds()), nanos(check.getIntervalSeconds()),
          nanos(check.getTimeoutSeconds()), null, false, check.getTcp().getPort(), "/",
          check.getTcp().getProtocol() == NetworkInfo.Protocol.IPv6);
      case UNKNOWN -> throw new IllegalArgumentException("a health check needs a type");
    };
  }

  /** The spec of a check, whose HTTP check is plain http on IPv4, as Mesos's. */
  public static CheckSpec of(CheckInfo check) {
    return switch (check.getType()) {
      case COMMAND -> new CheckSpec(CheckInfo.Type.COMMAND, nanos(check.getDelaySeconds()),
          nanos(check.getIntervalSeconds()), nanos(check.getTimeoutSeconds()), check.getCommand().getCommand(), false, 0,
          "/", false);
      case HTTP -> new CheckSpec(CheckInfo.Type.HTTP, nanos(check.getDelaySeconds()), nanos(check.getIntervalSeconds()),
          nanos(check.getTimeoutSeconds()), null, false, check.getHttp().getPort(), path(check.getHttp().getPath()), false);
      case TCP -> new CheckSpec(CheckInfo.Type.TCP, nanos(check.getDelaySeconds()), nanos(check.getIntervalSeconds()),
          nanos(check.getTimeoutSeconds()), null, false, check.getTcp().getPort(), "/", false);
      case UNKNOWN -> throw new IllegalArgumentException("a check needs a type");
    };
  }

  /** The host HTTP and TCP checks reach: the task shares the agent's network. */
  public String host() {
    return ipv6 ? "::1" : "127.0.0.1";
  }

  /** How an attempt is named in messages and logs, e.g. "HTTP check of 127.0.0.1:8080/health". */
  public String describe() {
    return switch (type) {
      case COMMAND -> "COMMAND check";
      case HTTP -> "HTTP check of " + (https ? "https" : "http") + "://" + (ipv6 ? "[::1]" : host()) + ":" + port + path;
      case TCP -> "TCP check of " + (ipv6 ? "[::1]" : host()) + ":" + port;
      case UNKNOWN -> "check";
    };
  }

  static long nanos(double seconds) {
    // Validation bounds the seconds to a day; the clamp only keeps a bad value from wrapping.
    return seconds > 0 ? (long) Math.min(seconds * 1e9, 1e18) : 0;
  }

  private static String path(String path) {
    return path.isEmpty() ? "/" : path;
  }
}
