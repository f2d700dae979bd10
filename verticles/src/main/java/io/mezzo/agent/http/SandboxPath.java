package io.mezzo.agent.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first gate of the files API: checks the text of a requested path before anything
 * touches the disk. The query string is decoded once by the router, so {@code ..%2f} and
 * {@code %2e%2e/} arrive here as {@code ../} and are refused like it; a {@code ..} segment
 * is refused even when it would stay inside, because no honest client needs one. What the
 * text cannot show (symlinks) is checked on the real path by {@link SandboxFileSystem}.
 */
public final class SandboxPath {
  private SandboxPath() {}

  /**
   * The segments of {@code text}, without empty and {@code .} segments.
   *
   * @throws Refusal (400) for a NUL byte or a {@code ..} segment
   */
  public static List<String> segments(String text) {
    if (text.indexOf('\0') >= 0) {
      throw Refusal.badRequest("The path contains a NUL byte");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : text.split("/", -1)) {
      if (segment.equals("..")) {
        throw Refusal.badRequest("The path may not contain '..'");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return segments;
  }

  /**
   * An absolute path inside {@code root}.
   *
   * @throws Refusal 400 for a relative or malformed path, 403 for one outside {@code root}
   */
  static Path absolute(String text, Path root) {
    if (!text.startsWith("/")) {
      throw Refusal.badRequest("The path must be absolute, or relative to a task's sandbox given by task_id");
    }
    Path path = resolve(Path.of("/"), segments(text));
    if (!path.startsWith(root)) {
      throw new Refusal(Failure.FORBIDDEN, "The path is outside this agent's sandboxes");
    }
    return path;
  }

  /**
   * The segments of {@code text}, a path relative to a task's sandbox.
   *
   * @throws Refusal (400) for an absolute or malformed path
   */
  static List<String> relative(String text) {
    if (text.startsWith("/")) {
      throw Refusal.badRequest("With task_id the path is relative to the task's sandbox; it may not start with '/'");
    }
    return segments(text);
  }

  /** {@code text} relative to {@code sandbox}, checked as {@link #relative(String)}. */
  static Path relative(String text, Path sandbox) {
    return resolve(sandbox, relative(text));
  }

  /** {@code base} with checked {@code segments} appended. */
  static Path resolve(Path base, List<String> segments) {
    Path path = base;
    try {
      for (String segment : segments) {
        path = path.resolve(segment);
      }
    } catch (InvalidPathException e) {
      throw Refusal.badRequest("Invalid path: " + e.getReason());
    }
    return path;
  }
}
