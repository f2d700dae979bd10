package io.mezzo.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux's /proc says about one process: enough to tell a live process from a zombie
 * and a session leader from its followers, and to read the environment it was started
 * with. Blocking (file reads): call it on a worker thread.
 */
final class ProcInfo {
  /** /proc/PID/environ of a task holds its whole environment; more is not a task's. */
  private static final int MAX_ENVIRON_BYTES = 1 << 20;

  private ProcInfo() {}

  /** The fields of /proc/PID/stat that Mezzo uses. */
  record Stat(char state, long parent, long group, long session) {
    /** Whether the process has exited (a zombie waiting to be reaped, or dead). */
    boolean exited() {
      return state == 'Z' || state == 'X';
    }
  }

  /** The stat of {@code pid}, or empty when there is no such process (or /proc cannot tell). */
  static Optional<Stat> stat(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // "pid (comm) state ppid pgrp session ...": comm may hold anything, so go by the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
      return Optional.of(
          new Stat(fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the environment {@code pid} was started with holds exactly {@code entry}
   * ({@code NAME=value}); false when it cannot be read, as for another user's process.
   */
  static boolean environmentHas(long pid, String entry) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (environ.length > MAX_ENVIRON_BYTES) {
      return false;
    }
    for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
      if (variable.equals(entry)) {
        return true;
      }
    }
    return false;
  }
}
