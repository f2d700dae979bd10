package io.mezzo.cli;

import picocli.CommandLine.Option;

/** The flags of a node's HTTP server timeouts, for the sections that run one. */
final class HttpOptions {
  @Option(names = "--http-idle-timeout", paramLabel = "DURATION",
      description = "Close HTTP connections silent this long (default: 90s).")
  String idleTimeout;

  @Option(names = "--http-header-timeout", paramLabel = "DURATION",
      description = "Close HTTP connections whose request head takes longer (default: 10s).")
  String headerTimeout;

  /** Puts the given flags into each of {@code sections}. */
  void addTo(Flags flags, String... sections) {
    for (String section : sections) {
      flags.put(section, "http_idle_timeout", idleTimeout).put(section, "http_header_timeout", headerTimeout);
    }
  }
}
