package io.mezzo.executor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the tests learn about processes from /proc (Linux), without ps. */
final class ProcFs {
  private ProcFs() {}

  /** The stat fields after the command name: [0] state, [1] ppid, [2] pgrp, [3] session... */
  static Optional<String[]> stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name is in parentheses and may itself hold ") ", hence the last one.
      return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The command name of {@code pid} (what /proc/PID/comm holds), or "" when it is gone. */
  static String command(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether {@code pid} is a live process (zombies count as gone: they run no code). */
  static boolean alive(long pid) {
    return stat(pid).map(fields -> !fields[0].equals("Z") && !fields[0].equals("X")).orElse(false);
  }

  /** The live processes whose process group is {@code pgid}. */
  static List<Long> groupMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        stat(pid)
            .filter(f -> Long.parseLong(f[2]) == pgid && !f[0].equals("Z") && !f[0].equals("X"))
            .ifPresent(f -> members.add(pid));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot scan /proc", e);
    }
    return members;
  }

  /** The number of file descriptors this JVM holds open. */
  static int openFileDescriptors() {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      int count = 0;
      for (Path ignored : fds) {
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc/self/fd", e);
    }
  }

  /** A signal set of {@code pid} (SigIgn, SigBlk...) as the bit mask of /proc/PID/status. */
  static long signalSet(long pid, String which) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(which + ":")) {
        return Long.parseUnsignedLong(line.substring(which.length() + 1).trim(), 16);
      }
    }
    throw new IOException("no " + which + " in /proc/" + pid + "/status");
  }
}
