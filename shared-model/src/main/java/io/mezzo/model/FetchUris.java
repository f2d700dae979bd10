package io.mezzo.model;

import io.mezzo.v1.CommandInfo;
import java.nio.file.Path;

/**
 * The rules of {@code CommandInfo.uris}, as Apache Mesos's fetcher reads them: which URIs a
 * task may ask for, where each one comes from and under which name it lands in the sandbox.
 * The master checks every launched task with {@link #problem}; the agent's fetcher plans
 * with the rest, so both read a URI the same way. Pure.
 */
public final class FetchUris {
  /** Where a URI's bytes come from. */
  public enum Source {
    /** {@code http://} or {@code https://}: downloaded. */
    NET,
    /** {@code file://} or an absolute path: copied from the agent's file system. */
    LOCAL
  }

  private static final String FILE_PREFIX = "file://";

  private FetchUris() {}

  /** Why {@code uri} cannot be fetched, or null when it can. */
  public static String problem(CommandInfo.URI uri) {
    String value = value(uri);
    if (value.isEmpty()) {
      return "URI has no value";
    }
    // Mesos's fetcher refuses these; a NUL would also cut the path short.
    if (value.indexOf('\\') >= 0 || value.indexOf('\'') >= 0 || value.indexOf('\0') >= 0) {
      return "URI '" + value + "' holds an illegal character (\\, ' or NUL)";
    }
    int scheme = value.indexOf("://");
    if (value.startsWith(FILE_PREFIX)) {
      if (!localPath(value).startsWith("/")) {
        return "URI '" + value + "': a file URI needs an absolute path";
      }
    } else if (scheme > 1) {
      if (source(value) != Source.NET) {
        return "URI '" + value + "' has an unsupported scheme (use http, https, file or an absolute path)";
      }
      String rest = value.substring(scheme + 3);
      int slash = rest.indexOf('/');
      if (slash <= 0) {
        return "URI '" + value + "' has no host or no path";
      }
    } else if (!value.startsWith("/")) {
      // Mesos resolves relative paths against its frameworks_home, which Mezzo does not have.
      return "URI '" + value + "' is a relative path; give an absolute path or a URL";
    }
    if (uri.hasOutputFile()) {
      String outputProblem = outputFileProblem(uri.getOutputFile());
      if (outputProblem != null) {
        return "URI '" + value + "': " + outputProblem;
      }
    } else {
      String name = basename(value);
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        return "URI '" + value + "' names no file; give it an output_file";
      }
    }
    return null;
  }

  /** The URI's value as the fetcher reads it: leading white space dropped, as Mesos does. */
  public static String value(CommandInfo.URI uri) {
    return uri.getValue().stripLeading();
  }

  /** Where the bytes of {@code value} (a valid URI) come from. */
  public static Source source(String value) {
    return value.startsWith("http://") || value.startsWith("https://") ? Source.NET : localOrNull(value);
  }

  private static Source localOrNull(String value) {
    return value.startsWith(FILE_PREFIX) || !value.contains("://") ? Source.LOCAL : null;
  }

  /** The path a local URI names: a {@code file://} URI without its scheme and host {@code localhost}. */
  public static String localPath(String value) {
    if (!value.startsWith(FILE_PREFIX)) {
      return value;
    }
    String path = value.substring(FILE_PREFIX.length());
    return path.startsWith("localhost/") ? path.substring("localhost".length()) : path;
  }

  /**
   * The name, relative to the sandbox, the fetched copy of {@code uri} (a valid one) gets:
   * its {@code output_file}, else what follows the URI's last {@code /} (query included, as
   * Mesos names it).
   */
  public static String outputName(CommandInfo.URI uri) {
    return uri.hasOutputFile() ? Path.of(uri.getOutputFile()).normalize().toString() : basename(value(uri));
  }

  private static String basename(String value) {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  private static String outputFileProblem(String outputFile) {
    if (outputFile.isEmpty()) {
      return "output_file is empty";
    }
    if (outputFile.indexOf('\0') >= 0) {
      return "output_file holds a NUL character";
    }
    if (outputFile.startsWith("/")) {
      return "output_file must be a path inside the sandbox, not an absolute one";
    }
    Path normalized = Path.of(outputFile).normalize();
    if (normalized.toString().isEmpty() || normalized.startsWith("..") || outputFile.endsWith("/")) {
      return "output_file '" + outputFile + "' does not name a file inside the sandbox";
    }
    return null;
  }
}
