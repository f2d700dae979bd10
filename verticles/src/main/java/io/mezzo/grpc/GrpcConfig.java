package io.mezzo.grpc;

import io.mezzo.config.ConfigReader;

/**
 * The master's gRPC API: its own port, because the HTTP port refuses HTTP/2 cleartext
 * (h2c) on purpose (see {@code http/ConnectionGuard}), and gRPC without TLS is h2c.
 *
 * @param port the gRPC port; 0 for any free port, -1 to serve no gRPC. It defaults to the
 *     HTTP port + 3 (5053 for 5050; any free port when the HTTP port is 0), so that masters
 *     started side by side on one host with distinct HTTP ports do not fight over one port
 * @param maxMessageBytes the largest message a client may send; a bigger one is refused
 *     with RESOURCE_EXHAUSTED before it is parsed
 */
public record GrpcConfig(int port, int maxMessageBytes) {
  public static final int DEFAULT_PORT = 5053;
  /** The default gRPC port's distance from the HTTP port. */
  public static final int PORT_OFFSET = DEFAULT_PORT - 5050;
  /** gRPC's own default limit; a scheduler's largest ACCEPT stays far below it. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /** Whether the gRPC API is served at all. */
  public boolean enabled() {
    return port >= 0;
  }

  /**
   * Reads {@code grpc_port} and {@code grpc_max_message_bytes}.
   *
   * @param httpPort the HTTP port, which the gRPC port must differ from
   */
  public static GrpcConfig read(ConfigReader config, int httpPort) {
    int fallback = httpPort == 0 || httpPort + PORT_OFFSET > 65535 ? 0 : httpPort + PORT_OFFSET;
    int port = config.integer("grpc_port", fallback, -1, 65535);
    if (port > 0 && port == httpPort) {
      throw config.invalid("grpc_port", "must differ from port (" + httpPort + "): the HTTP port refuses h2c");
    }
    int max = config.integer("grpc_max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES, 1024, 64 * 1024 * 1024);
    return new GrpcConfig(port, max);
  }
}
