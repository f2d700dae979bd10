package io.mezzo.http;

import io.mezzo.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;

/**
 * How long an HTTP server waits on its clients, the same keys for masters and agents.
 *
 * @param idle a connection on which nothing is read or written for this long is closed:
 *     kept-alive connections between requests, uploads and streams that stall
 * @param header a request's line and headers must arrive within this long, counted from
 *     the connection's opening or from the request's first byte; a client that trickles
 *     them (slowloris) is cut off
 */
public record HttpTimeouts(Duration idle, Duration header) {
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(90);
  public static final Duration DEFAULT_HEADER = Duration.ofSeconds(10);
  public static final HttpTimeouts DEFAULTS = new HttpTimeouts(DEFAULT_IDLE, DEFAULT_HEADER);

  /**
   * The shortest idle timeout a config may set: the dashboard's streams write a keep-alive
   * every 15 s, and must not be taken for idle between two.
   */
  static final Duration MIN_IDLE = Duration.ofSeconds(20);
  static final Duration MIN_HEADER = Duration.ofMillis(100);

  public HttpTimeouts {
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(header, "header");
    if (idle.isNegative() || idle.isZero() || header.isNegative() || header.isZero()) {
      throw new IllegalArgumentException("HTTP timeouts must be positive: idle " + idle + ", header " + header);
    }
  }

  /** Reads {@code http_idle_timeout} and {@code http_header_timeout} of a node's section. */
  public static HttpTimeouts read(ConfigReader config) {
    return new HttpTimeouts(
        config.duration("http_idle_timeout", DEFAULT_IDLE, MIN_IDLE, Duration.ofDays(1)),
        config.duration("http_header_timeout", DEFAULT_HEADER, MIN_HEADER, Duration.ofMinutes(10)));
  }
}
