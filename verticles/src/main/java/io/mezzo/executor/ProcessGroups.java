package io.mezzo.executor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends signals to whole process groups. The JDK can only signal single processes, and
 * /usr/bin/kill (procps) is not on every host, so this runs the shell's builtin kill.
 * Blocking: call it on a worker thread.
 */
public final class ProcessGroups {
  static final File DEV_NULL = new File("/dev/null");

  /** A builtin kill returns at once; this only guards against a wedged fork. */
  private static final long TIMEOUT_SECONDS = 10;

  private static final long POLL_MILLIS = 10;
  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  /**
   * util-linux's setsid, which starts a command as the leader of a new session and process
   * group (so that its whole group can be signalled); empty when it is not installed.
   */
  public static Optional<Path> setsid() {
    return Monitor.findSetsid();
  }

  /**
   * Sends {@code signal} (a name such as TERM or KILL, or 0 to test for existence) to
   * process group {@code pgid}.
   *
   * @return true when the signal was delivered, false when the group no longer exists
   * @throws IOException when the shell cannot be run or reports an error other than a
   *     vanished group
   */
  public static boolean signal(long pgid, String signal) throws IOException, InterruptedException {
    // Group IDs 0 and 1 would mean "my own group" and "every process": never.
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    if (!signal.matches("[A-Z0-9]+")) {
      throw new IllegalArgumentException("invalid signal name " + signal);
    }
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " -\"$0\"", Long.toString(pgid))
            .redirectInput(DEV_NULL)
            .redirectErrorStream(true);
    // The message for a vanished group is matched below, so it must not be translated.
    builder.environment().put("LC_ALL", "C");
    Process kill = builder.start();
    String output;
    try (InputStream in = kill.getInputStream()) {
      output = new String(in.readNBytes(1024), StandardCharsets.UTF_8).trim();
    }
    if (!kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new IOException("kill -" + signal + " -" + pgid + " did not return");
    }
    if (kill.exitValue() == 0) {
      return true;
    }
    // dash says "No such process", bash "no such process": the group is already gone.
    if (output.toLowerCase().contains("no such process")) {
      return false;
    }
    throw new IOException("kill -" + signal + " -" + pgid + " failed: " + output);
  }

  /**
   * Waits until process group {@code pgid} has no live process left, polling, for at most
   * {@code timeout}; returns whether it is gone. A SIGKILLed process still takes a moment
   * to die. Zombies count as gone: they run no code and hold no files or ports, and
   * orphaned ones linger until PID 1 reaps them, which some container inits do lazily.
   */
  static boolean awaitGone(long pgid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        // The cheap test first; /proc is scanned only if some process is still there.
        if (!signal(pgid, "0") || !hasLiveMember(pgid)) {
          return true;
        }
      } catch (IOException e) {
        // Not ours to signal (EPERM): the ID now belongs to someone else's group.
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Whether a process of group {@code pgid} is alive and not a zombie, going by Linux's
   * /proc; true when /proc cannot tell, so the caller keeps trusting kill -0.
   */
  private static boolean hasLiveMember(long pgid) {
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path process : processes) {
        String stat;
        try {
          stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          continue; // it exited while we looked
        }
        // "pid (comm) state ppid pgrp ...": comm may hold anything, so go by the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
        if (fields.length >= 3
            && fields[2].equals(Long.toString(pgid))
            && !fields[0].equals("Z")
            && !fields[0].equals("X")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }
}
