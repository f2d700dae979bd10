package io.mezzo.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The task monitor: the sh script that runs one task in its own session and records how it
 * ended (see monitor.sh), and the files it keeps in the sandbox.
 */
final class Monitor {
  /** Directory in the sandbox holding the monitor's files, apart from the task's own. */
  static final String DIR = ".mezzo";
  /** The task's PID (= its process group and session ID), written by the task's shell. */
  static final String PID_FILE = "pid";
  /** The task shell's exit code; complete once the monitor has exited. */
  static final String STATUS_FILE = "exit_status";
  /** The monitor's own stderr: why a launch failed. */
  static final String LOG_FILE = "monitor.log";
  /** The monitor's $0, which names it in /proc/PID/cmdline. */
  static final String NAME = "mezzo-monitor";

  /** The script with its comment lines dropped: they would only bloat every monitor's argv. */
  static final String SCRIPT = load();

  private Monitor() {}

  /** The monitor's command line for a task running {@code command}. */
  static List<String> commandLine(Path setsid, String command, Confinement confinement) {
    return List.of(setsid.toString(), "/bin/sh", "-c", SCRIPT, NAME, command, setsid.toString(),
        confinement.prelude(), confinement.execPrefix());
  }

  /**
   * Finds util-linux's setsid. It is passed to the monitor by absolute path because the
   * monitor runs with the task's PATH, which the task may set to anything.
   */
  static Optional<Path> findSetsid() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      if (dir.startsWith("/")) {
        Path candidate = Path.of(dir, "setsid");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String load() {
    try (InputStream in = Monitor.class.getResourceAsStream("monitor.sh")) {
      if (in == null) {
        throw new IllegalStateException("monitor.sh is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.stripLeading().startsWith("#"))
          .collect(Collectors.joining("\n", "", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
