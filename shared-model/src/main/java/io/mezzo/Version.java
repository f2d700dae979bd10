package io.mezzo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Mezzo's version, as every node reports it. */
public final class Version {
  /** The Maven project version the build stamped into {@code version.properties}. */
  public static final String VERSION = load("version");

  /** When the build ran, UTC, as Mesos's {@code build_date} ({@code 2026-12-02 18:30:00}). */
  public static final String BUILD_DATE = load("build_date");

  private Version() {}

  private static String load(String key) {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(key, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
