package io.mezzo.cli.client;

import java.net.URI;
import java.util.Map;

/**
 * Where the CLI finds the master: the {@code --master} flag, else {@code MEZZO_MASTER},
 * else {@code localhost:5050}. Either {@code host:port} or an {@code http://} URL.
 */
public record MasterAddress(String host, int port) {
  public static final String ENVIRONMENT = "MEZZO_MASTER";
  public static final String DEFAULT = "localhost:5050";

  /** The address from the flag (may be null) and the environment. */
  public static MasterAddress resolve(String flag, Map<String, String> environment) {
    String text = flag != null ? flag : environment.getOrDefault(ENVIRONMENT, DEFAULT);
    return parse(text);
  }

  /**
   * Parses {@code host:port}, {@code host} (port 5050) or {@code http://host:port/}.
   *
   * @throws CliException (exit code 2) when the text is neither
   */
  public static MasterAddress parse(String text) {
    String trimmed = text.trim();
    try {
      URI uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http address");
      }
      return new MasterAddress(uri.getHost(), uri.getPort() < 0 ? 5050 : uri.getPort());
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid master address '" + text + "': expected HOST:PORT", 2);
    }
  }

  public String url() {
    return "http://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
