package io.mezzo.executor;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks' shell commands as OS processes: each in its sandbox, in a process group and
 * session of its own, watched by a monitor process that records its exit status there.
 * Never blocks the calling thread; all process and file work happens on worker threads.
 */
public final class CommandExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(CommandExecutor.class);

  /** A PID line is at most 20 digits and a newline; the monitor never prints more. */
  private static final int MAX_PID_LINE = 24;

  /** How long a failed monitor gets to exit before it is killed, so none is left behind. */
  private static final long MONITOR_EXIT_TIMEOUT_SECONDS = 2;

  /** How much of monitor.log a launch failure quotes. */
  private static final int MAX_LOG_BYTES = 500;

  /**
   * The variable naming a task's sandbox, which the executor always gives the task: it is
   * how a task leader is told apart from a process that merely got its PID.
   */
  static final String SANDBOX_VARIABLE = "MEZZO_SANDBOX";

  /**
   * How often an adopted monitor is checked for having exited. onExit() of a process that is
   * not our child polls, and never fires for a zombie: an orphaned monitor is a zombie until
   * the host's PID 1 reaps it, which some container inits do late or never.
   */
  static final Duration ADOPTED_POLL = Duration.ofSeconds(1);

  private final Vertx vertx;
  /** The setsid to use, or null to look for util-linux's at each launch. */
  private final Path setsid;

  /** An executor whose futures complete on the caller's context of {@code vertx}. */
  public CommandExecutor(Vertx vertx) {
    this(vertx, null);
  }

  /** For tests: an executor that runs {@code setsid} in place of util-linux's. */
  CommandExecutor(Vertx vertx, Path setsid) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.setsid = setsid;
  }

  /**
   * Starts {@code spec}'s command and completes, on the caller's context, once the task is
   * running and its PID known; fails with a {@link LaunchException}, leaving no process
   * behind, when it cannot be started.
   */
  public Future<TaskProcess> launch(LaunchSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Context context = vertx.getOrCreateContext();
    try {
      // Unordered: launches are independent, and one slow fork must not queue the others.
      return context.executeBlocking(() -> start(spec, context), false);
    } catch (RejectedExecutionException e) {
      // Vert.x is closing: its workers refuse work.
      return Future.failedFuture(new LaunchException("the agent is shutting down", e));
    }
  }

  private TaskProcess start(LaunchSpec spec, Context context) throws InterruptedException {
    Path sandbox = spec.sandbox();
    Path meta = sandbox.resolve(Monitor.DIR);
    Path setsid =
        Optional.ofNullable(this.setsid)
            .or(Monitor::findSetsid)
            .orElseThrow(() -> new LaunchException("setsid (util-linux) is not installed: cannot run tasks"));
    try {
      Files.createDirectories(meta);
      // A reused sandbox must not lend its old status to a monitor that dies unrecorded.
      Files.deleteIfExists(meta.resolve(Monitor.STATUS_FILE));
      Files.deleteIfExists(meta.resolve(Monitor.PID_FILE));
    } catch (IOException e) {
      throw new LaunchException("cannot prepare sandbox " + sandbox + ": " + e, e);
    }

    ProcessBuilder builder =
        new ProcessBuilder(Monitor.commandLine(setsid, spec.command(), spec.confinement()))
            .directory(sandbox.toFile())
            .redirectInput(ProcessGroups.DEV_NULL)
            .redirectError(ProcessBuilder.Redirect.appendTo(meta.resolve(Monitor.LOG_FILE).toFile()));
    // The agent's own environment, with the task's variables on top.
    builder.environment().putAll(spec.environment());
    builder.environment().put(SANDBOX_VARIABLE, sandbox.toString());

    Process monitor;
    try {
      monitor = builder.start();
    } catch (IOException e) {
      throw new LaunchException("cannot start a monitor in " + sandbox + ": " + e.getMessage(), e);
    }
    // Taken now, while the monitor is surely alive: info() is empty for a dead process.
    long startMillis = monitor.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);

    String line;
    // The stream is closed right away: the monitor prints nothing else, and an open pipe
    // per task would leak a file descriptor for the task's whole life.
    try (InputStream out = monitor.getInputStream()) {
      // The task's shell prints its PID before it runs any of the task's code, so this
      // returns at once unless the monitor failed (EOF).
      line = readLine(out);
    } catch (IOException e) {
      throw abort(monitor, sandbox, "cannot read the task's PID: " + e.getMessage());
    }
    if (line == null) {
      throw abort(monitor, sandbox, "the monitor ended before the task started");
    }
    long taskPid;
    try {
      taskPid = Long.parseLong(line);
    } catch (NumberFormatException e) {
      taskPid = -1;
    }
    if (taskPid <= 1) {
      throw abort(monitor, sandbox, "the monitor printed '" + line + "' instead of the task's PID");
    }
    LOG.info("Launched task {} (monitor {}) in {}", taskPid, monitor.pid(), sandbox);
    return new TaskProcess(context, monitor, taskPid, startMillis, sandbox);
  }

  /**
   * Takes back a task launched by an earlier agent process, from what it checkpointed: the
   * monitor's PID and start time and the task's PID. Completes, on the caller's context, with
   * a TaskProcess that is killed and reports its exit as a launched one does; or with empty
   * when the monitor has ended, or its PID now names another process (which is left alone).
   */
  public Future<Optional<TaskProcess>> reattach(Path sandbox, long monitorPid, long monitorStartMillis, long taskPid) {
    Objects.requireNonNull(sandbox, "sandbox");
    Context context = vertx.getOrCreateContext();
    return blocking(context, () -> Orphans.monitor(monitorPid, monitorStartMillis))
        .map(monitor -> monitor.map(handle -> adopt(context, handle, monitorStartMillis, taskPid, sandbox)));
  }

  /** Runs on the context, so the poll timer belongs to it and stops with its verticle. */
  private TaskProcess adopt(Context context, ProcessHandle monitor, long startMillis, long taskPid, Path sandbox) {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    monitor.onExit().whenComplete((handle, error) -> gone.complete(null));
    long pid = monitor.pid();
    long poll =
        context.owner().setPeriodic(
            ADOPTED_POLL.toMillis(),
            id -> blocking(context, () -> Orphans.stillRunning(pid, startMillis))
                .onSuccess(running -> {
                  if (!running) {
                    gone.complete(null);
                  }
                }));
    gone.whenComplete((v, error) -> context.owner().cancelTimer(poll));
    LOG.info("Re-attached to task {} (monitor {}) in {}", taskPid, pid, sandbox);
    return new TaskProcess(context, pid, gone, taskPid, startMillis, sandbox.toAbsolutePath().normalize());
  }

  /**
   * The exit status the monitor recorded in {@code sandbox}, or empty when it recorded none.
   * Final only once the monitor has exited: ask after {@link #reattach} found it gone.
   */
  public Future<Optional<ExitStatus>> recordedExit(Path sandbox) {
    Objects.requireNonNull(sandbox, "sandbox");
    return blocking(vertx.getOrCreateContext(), () -> Orphans.recordedStatus(sandbox));
  }

  /**
   * SIGKILLs the process group of the task of {@code sandbox} whose leader is {@code taskPid},
   * or, when {@code taskPid} is negative, the one named by the sandbox's pid file (the agent
   * ended before it learned the PID); only if that process really is the leader of a task of
   * this sandbox: the PID may have been reused, and the pid file is the task's to write.
   *
   * @return whether a task was found and killed
   */
  public Future<Boolean> killStray(Path sandbox, long taskPid) {
    Objects.requireNonNull(sandbox, "sandbox");
    Path dir = sandbox.toAbsolutePath().normalize();
    return blocking(
        vertx.getOrCreateContext(), () -> Orphans.killStray(dir, taskPid < 0 ? Orphans.pidFileOf(dir) : taskPid));
  }

  private static <T> Future<T> blocking(Context context, Callable<T> work) {
    try {
      return context.executeBlocking(work, false);
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Reads one line of at most {@link #MAX_PID_LINE} bytes; null at end of stream. Bounded
   * because whatever is printed there must not grow the agent's memory.
   */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.length() == 0 ? null : line.toString();
      }
      if (line.length() == MAX_PID_LINE) {
        break;
      }
      line.append((char) c);
    }
    return line.toString().strip();
  }

  /**
   * Makes sure a monitor that failed to report a task leaves nothing behind, and builds the
   * exception that explains why, in the monitor's own words when it left some.
   */
  private LaunchException abort(Process monitor, Path sandbox, String why) throws InterruptedException {
    if (!monitor.waitFor(MONITOR_EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      // Killing the monitor would orphan a task it may have started, so that goes first.
      taskOf(monitor, sandbox).ifPresent(CommandExecutor::killGroup);
      monitor.destroyForcibly();
      monitor.waitFor(MONITOR_EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    Path logFile = sandbox.resolve(Monitor.DIR).resolve(Monitor.LOG_FILE);
    String log = SandboxFiles.tailOrEmpty(logFile, MAX_LOG_BYTES);
    String message =
        "launch in " + sandbox + " failed: " + why
            + (monitor.isAlive() ? "" : " (monitor exit value " + monitor.exitValue() + ")")
            + (log.isEmpty() ? "" : ": " + log);
    LOG.warn(message);
    return new LaunchException(message);
  }

  /**
   * The task named by the sandbox's pid file, only if it really is the monitor's child: the
   * file is writable by the task, and must not be able to point the agent at another group.
   */
  private static Optional<Long> taskOf(Process monitor, Path sandbox) {
    long pid;
    try {
      pid = Long.parseLong(SandboxFiles.tailOrEmpty(sandbox.resolve(Monitor.DIR).resolve(Monitor.PID_FILE), 32));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    boolean child =
        pid > 1
            && ProcessHandle.of(pid)
                .flatMap(ProcessHandle::parent)
                .map(parent -> parent.pid() == monitor.pid())
                .orElse(false);
    return child ? Optional.of(pid) : Optional.empty();
  }

  private static void killGroup(long pid) {
    try {
      ProcessGroups.signal(pid, "KILL");
    } catch (IOException e) {
      LOG.warn("Could not SIGKILL process group {}", pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
