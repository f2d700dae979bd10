package io.mezzo.executor;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running task: its process group, led by the task's shell, and the monitor process that
 * waits for it and records its exit status. Obtained from {@link CommandExecutor#launch}, or
 * from {@link CommandExecutor#reattach} for a task an earlier agent process launched.
 *
 * <p>Every callback and every change of the kill state happens on the Vert.x context that
 * launched the task; the blocking parts (spawning kill, reading files) run on workers.
 */
public final class TaskProcess {
  private static final Logger LOG = LoggerFactory.getLogger(TaskProcess.class);

  /**
   * Grace periods are capped here, which keeps deadline arithmetic on System.nanoTime()
   * far from overflow; nobody waits a year for a task to stop.
   */
  private static final Duration MAX_GRACE = Duration.ofDays(365);

  /** How long exit() waits for the task's SIGKILLed group to vanish before it reports anyway. */
  private static final Duration GROUP_EXIT_TIMEOUT = Duration.ofSeconds(2);

  /** exit_status holds a number and a newline; a longer file is not the monitor's. */
  private static final int MAX_STATUS_BYTES = 16;

  private final Context context;
  private final long monitorPid;
  /**
   * Completes once the monitor has exited: for a monitor this JVM started, when the JDK
   * reaped it; for an adopted one, when it is gone or a zombie.
   */
  private final CompletableFuture<?> monitorGone;
  private final long taskPid;
  private final long monitorStartMillis;
  private final Path sandbox;
  private final Promise<ExitStatus> exit = Promise.promise();

  // The kill state, touched on the context only.
  private boolean killing;
  private long killDeadlineNanos;
  private long escalationTimer = -1;
  /** The last signal sent, so TERM always goes out before KILL. */
  private Future<Void> signals = Future.succeededFuture();

  TaskProcess(Context context, Process monitor, long taskPid, long monitorStartMillis, Path sandbox) {
    this(context, monitor.pid(), monitor.onExit(), taskPid, monitorStartMillis, sandbox);
  }

  TaskProcess(
      Context context, long monitorPid, CompletableFuture<?> monitorGone, long taskPid, long monitorStartMillis,
      Path sandbox) {
    this.context = context;
    this.monitorPid = monitorPid;
    this.monitorGone = monitorGone;
    this.taskPid = taskPid;
    this.monitorStartMillis = monitorStartMillis;
    this.sandbox = sandbox;
    // A JDK thread sees the monitor exit; everything after that happens on the context.
    monitorGone.whenComplete((process, error) -> context.runOnContext(v -> monitorExited()));
  }

  /** The PID of the task's shell, which is also its process group and session ID. */
  public long taskPid() {
    return taskPid;
  }

  /** The PID of the monitor process that waits for the task. */
  public long monitorPid() {
    return monitorPid;
  }

  /**
   * When the monitor started, in epoch milliseconds with the OS's clock-tick precision,
   * or -1 if the OS did not say; with {@link #monitorPid()} it tells a re-used PID apart.
   */
  public long monitorStartMillis() {
    return monitorStartMillis;
  }

  /** The task's sandbox directory. */
  public Path sandbox() {
    return sandbox;
  }

  /**
   * Completes, on the launching context, once the task and its process group are gone
   * (waiting at most a couple of seconds for SIGKILLed processes to be reaped), with the
   * status the monitor recorded. If the monitor died without recording one (it
   * was SIGKILLed, say), the task's group is SIGKILLed so that nothing outlives the report,
   * and the status is {@link ExitStatus#unknown()}. Never fails.
   */
  public Future<ExitStatus> exit() {
    return exit.future();
  }

  /**
   * Stops the task: SIGTERM to its process group, then SIGKILL once {@code gracePeriod}
   * has passed if the task is still there; completes when the task has exited.
   *
   * <p>Idempotent: a second call does not signal again or restart the grace period, but a
   * shorter grace period brings the SIGKILL forward (as Mesos does when a kill policy is
   * overridden). Killing a task that has already exited sends nothing.
   */
  public Future<Void> kill(Duration gracePeriod) {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
    }
    context.runOnContext(v -> startKill(gracePeriod));
    return exit.future().mapEmpty();
  }

  private void startKill(Duration gracePeriod) {
    if (exit.future().isComplete() || monitorGone.isDone()) {
      return;
    }
    long now = System.nanoTime();
    long deadline = now + (gracePeriod.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : gracePeriod).toNanos();
    if (!killing) {
      killing = true;
      LOG.info("Killing task {} (sandbox {}) with a grace period of {}", taskPid, sandbox, gracePeriod);
      send("TERM");
    } else if (deadline - killDeadlineNanos >= 0) {
      return;
    }
    killDeadlineNanos = deadline;
    if (escalationTimer >= 0) {
      context.owner().cancelTimer(escalationTimer);
    }
    long delayMillis = Math.max(1, Duration.ofNanos(deadline - now).toMillis());
    // Set from the context, so the timer fires on it too.
    escalationTimer = context.owner().setTimer(delayMillis, id -> escalate());
  }

  private void escalate() {
    escalationTimer = -1;
    if (!exit.future().isComplete() && !monitorGone.isDone()) {
      LOG.info("Task {} outlived its grace period; sending SIGKILL to its process group", taskPid);
      send("KILL");
    }
  }

  private void send(String signal) {
    signals =
        signals.eventually(
            () ->
                blocking(() -> ProcessGroups.signal(taskPid, signal))
                    .onSuccess(sent -> LOG.debug("SIG{} to task {}: {}", signal, taskPid, sent ? "sent" : "gone"))
                    .onFailure(e -> LOG.warn("Could not send SIG{} to task {}", signal, taskPid, e))
                    .<Void>mapEmpty()
                    .otherwiseEmpty());
  }

  private void monitorExited() {
    if (escalationTimer >= 0) {
      context.owner().cancelTimer(escalationTimer);
      escalationTimer = -1;
    }
    blocking(this::collectStatus)
        .onComplete(
            result -> {
              ExitStatus status = result.succeeded() ? result.result() : ExitStatus.unknown();
              LOG.info("Task {} ended: {}", taskPid, status.describe());
              exit.tryComplete(status);
            });
  }

  /**
   * Runs {@code work} on a worker. Once Vert.x is closing, workers refuse work by throwing,
   * which would escape into an event loop; this turns it into a failed future instead.
   */
  private <T> Future<T> blocking(Callable<T> work) {
    try {
      return context.executeBlocking(work, false);
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Reads the recorded status (when there is none, kills the task in the monitor's place)
   * and waits, briefly, for the task's group to be gone: the SIGKILL the monitor sent is
   * not instant, and whoever hears "ended" should find the task's ports and files free.
   */
  private ExitStatus collectStatus() throws InterruptedException {
    ExitStatus status = readStatus();
    if (!ProcessGroups.awaitGone(taskPid, GROUP_EXIT_TIMEOUT)) {
      // Typically zombies that nobody reaps (a container whose PID 1 does not reap);
      // they run no code, so the task is over all the same.
      LOG.warn("Process group {} of ended task is still there after {}", taskPid, GROUP_EXIT_TIMEOUT);
    }
    return status;
  }

  private ExitStatus readStatus() throws InterruptedException {
    Path file = sandbox.resolve(Monitor.DIR).resolve(Monitor.STATUS_FILE);
    String problem;
    try {
      return new ExitStatus(Integer.parseInt(SandboxFiles.tail(file, MAX_STATUS_BYTES).strip()));
    } catch (NoSuchFileException e) {
      problem = "no " + file;
    } catch (IOException | IllegalArgumentException e) {
      problem = "unreadable " + file + ": " + e.getMessage();
    }
    // The task may well live on, orphaned, and nobody else would ever stop it. (Its group
    // ID cannot have been reused while any member of the group is alive.)
    LOG.warn("Monitor {} of task {} ended with {}; killing what is left of the task", monitorPid, taskPid, problem);
    try {
      ProcessGroups.signal(taskPid, "KILL");
    } catch (IOException e) {
      LOG.warn("Could not SIGKILL the process group of task {}", taskPid, e);
    }
    return ExitStatus.unknown();
  }

  @Override
  public String toString() {
    return "TaskProcess[task " + taskPid + ", monitor " + monitorPid + ", " + sandbox + "]";
  }
}
