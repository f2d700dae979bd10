package io.mezzo.executor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes an earlier agent process left behind: finding a task's monitor again, what
 * a monitor recorded before it exited, and killing a task whose monitor is unknown. PIDs
 * are reused, so nothing here trusts a PID without checking whose process it is now.
 * Blocking: call it on a worker thread.
 */
final class Orphans {
  private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

  /**
   * How far a process's start time may be from the checkpointed one and still be the same
   * process. The JDK derives start times from the boot time, which /proc gives in whole
   * seconds and the kernel shifts when the wall clock is stepped, plus clock ticks (10 ms);
   * so the same process can read a second or so apart in two JVMs. A different process would
   * have to be given the same PID within this window, i.e. the PID space would have to wrap
   * around in two seconds.
   */
  static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);

  /** How long a killStray waits for the SIGKILLed group to vanish. */
  private static final Duration GROUP_EXIT_TIMEOUT = Duration.ofSeconds(2);

  /** exit_status holds a number and a newline; a longer file is not the monitor's. */
  private static final int MAX_STATUS_BYTES = 16;

  /** A PID line is at most 20 digits and a newline. */
  private static final int MAX_PID_BYTES = 32;

  private Orphans() {}

  /**
   * The live monitor with PID {@code pid} that started at {@code startMillis}, or empty when
   * that process has ended or the PID now belongs to another process: its start time differs,
   * or it is not a Mezzo monitor.
   */
  static Optional<ProcessHandle> monitor(long pid, long startMillis) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty() || ProcInfo.stat(pid).map(ProcInfo.Stat::exited).orElse(true)) {
      LOG.info("monitor {} has ended", pid);
      return Optional.empty();
    }
    ProcessHandle.Info info = handle.get().info();
    long started = info.startInstant().map(Instant::toEpochMilli).orElse(-1L);
    if (startMillis < 0 || started < 0 || Math.abs(started - startMillis) > START_TIME_TOLERANCE.toMillis()) {
      LOG.warn("PID {} was reused: it started at {} ms, the monitor at {} ms; not adopting it", pid, started, startMillis);
      return Optional.empty();
    }
    // A second test, for the unlikely reuse within the tolerance: monitors name themselves.
    if (!info.arguments().map(List::of).orElse(List.of()).contains(Monitor.NAME)) {
      LOG.warn("PID {} is not a Mezzo monitor any more; not adopting it", pid);
      return Optional.empty();
    }
    return handle;
  }

  /** Whether {@code pid} is still the live process that started at {@code startMillis}. */
  static boolean stillRunning(long pid, long startMillis) {
    if (ProcInfo.stat(pid).map(ProcInfo.Stat::exited).orElse(true)) {
      return false;
    }
    long started =
        ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli).orElse(-1L);
    return started >= 0 && Math.abs(started - startMillis) <= START_TIME_TOLERANCE.toMillis();
  }

  /**
   * The status the monitor of {@code sandbox} recorded, or empty when it recorded none (or
   * something that is not a status). Only final once the monitor has exited.
   */
  static Optional<ExitStatus> recordedStatus(Path sandbox) {
    Path file = sandbox.resolve(Monitor.DIR).resolve(Monitor.STATUS_FILE);
    try {
      return Optional.of(new ExitStatus(Integer.parseInt(SandboxFiles.tail(file, MAX_STATUS_BYTES).strip())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** The task PID written in the sandbox's pid file, or -1. The task wrote it: verify before use. */
  static long pidFileOf(Path sandbox) {
    try {
      return Long.parseLong(SandboxFiles.tailOrEmpty(sandbox.resolve(Monitor.DIR).resolve(Monitor.PID_FILE), MAX_PID_BYTES));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * SIGKILLs process group {@code pid} if that process is the leader of a task of
   * {@code sandbox}: alive, the leader of its own session (as the monitor makes every task
   * shell) and started with the sandbox's MEZZO_SANDBOX in its environment (which the
   * executor always sets). Anything else is left alone: the PID may have been reused, or
   * read from a file the task could write.
   *
   * @return whether a task was found and killed
   */
  static boolean killStray(Path sandbox, long pid) throws InterruptedException {
    if (pid <= 1) {
      return false;
    }
    Optional<ProcInfo.Stat> stat = ProcInfo.stat(pid);
    if (stat.isEmpty() || stat.get().exited()) {
      return false;
    }
    if (stat.get().session() != pid || !ProcInfo.environmentHas(pid, CommandExecutor.SANDBOX_VARIABLE + "=" + sandbox)) {
      LOG.warn("process {} is not the leader of a task of {}; leaving it alone", pid, sandbox);
      return false;
    }
    LOG.info("killing the stray task {} of {}", pid, sandbox);
    try {
      boolean sent = ProcessGroups.signal(pid, "KILL");
      ProcessGroups.awaitGone(pid, GROUP_EXIT_TIMEOUT);
      return sent;
    } catch (IOException e) {
      LOG.warn("could not SIGKILL the process group of stray task {}", pid, e);
      return false;
    }
  }
}
