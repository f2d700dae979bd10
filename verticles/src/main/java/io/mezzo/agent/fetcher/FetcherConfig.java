package io.mezzo.agent.fetcher;

import io.mezzo.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fetcher's part of the agent's configuration (docs/configuration.md), with Apache
 * Mesos's flag names where it has them.
 *
 * @param cacheDir where cached downloads live ({@code fetcher_cache_dir}); kept across restarts
 * @param cacheSize the most bytes the cache holds ({@code fetcher_cache_size}); least recently used files go first
 * @param maxSize the most bytes one URI may bring: downloaded, copied, or unpacked ({@code fetcher_max_size})
 * @param timeout the longest one URI's download may take ({@code fetcher_timeout})
 * @param stallTimeout how long a download may go without receiving a byte ({@code fetcher_stall_timeout})
 */
public record FetcherConfig(Path cacheDir, long cacheSize, long maxSize, Duration timeout, Duration stallTimeout) {
  public static final long DEFAULT_CACHE_SIZE = 2L << 30;
  public static final long DEFAULT_MAX_SIZE = 2L << 30;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(1);

  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(B|KB|MB|GB|TB)?");
  private static final long MAX_BYTES = 1L << 50;

  /** Checks the invariants. */
  public FetcherConfig {
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /**
   * Reads the fetcher's keys of an agent config; the cache lies in {@code workDir/fetcher-cache}
   * unless {@code fetcher_cache_dir} says otherwise.
   *
   * @throws io.mezzo.config.ConfigException naming an invalid key
   */
  public static FetcherConfig read(ConfigReader config, Path workDir) {
    Path cacheDir = Path.of(config.string("fetcher_cache_dir", workDir.resolve("fetcher-cache").toString()));
    long cacheSize = size(config, "fetcher_cache_size", DEFAULT_CACHE_SIZE);
    long maxSize = size(config, "fetcher_max_size", DEFAULT_MAX_SIZE);
    if (maxSize == 0) {
      throw config.invalid("fetcher_max_size", "must be more than 0");
    }
    Duration timeout = config.duration("fetcher_timeout", DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1));
    Duration stall = config.duration("fetcher_stall_timeout", DEFAULT_STALL_TIMEOUT, Duration.ofMillis(100),
        Duration.ofDays(1));
    return new FetcherConfig(cacheDir, cacheSize, maxSize, timeout, stall);
  }

  /** A size in bytes: a number of bytes, or a number with B, KB, MB, GB or TB (powers of 1024, as Mesos's). */
  private static long size(ConfigReader config, String key, long fallback) {
    String text = config.string(key, null);
    if (text == null) {
      return fallback;
    }
    Matcher matcher = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!matcher.matches() || matcher.group(1).length() > 15) {
      throw config.invalid(key, "must be a size such as 512MB or 2GB, not '" + text + "'");
    }
    long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
      case "KB" -> 1L << 10;
      case "MB" -> 1L << 20;
      case "GB" -> 1L << 30;
      case "TB" -> 1L << 40;
      default -> 1;
    };
    long number = Long.parseLong(matcher.group(1));
    if (number > MAX_BYTES / unit) {
      throw config.invalid(key, "must be at most 1024TB");
    }
    return number * unit;
  }
}
