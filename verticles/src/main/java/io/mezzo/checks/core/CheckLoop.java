package io.mezzo.checks.core;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The schedule of one check, as Mesos's CheckerProcess keeps it: the first attempt
 * {@code delay} after start, each next one {@code interval} after the previous one ended or
 * timed out. At most one attempt runs at a time and each is aborted at its timeout, so a
 * check holds at most one process or connection, however slow the task answers.
 */
public final class CheckLoop {
  private final CheckSpec spec;
  private final CheckPort port;
  private final Consumer<ProbeResult> results;
  private long timer = -1;
  private long timeoutTimer = -1;
  /** The number of the attempt in flight, 0 when none is; results of any other are stale. */
  private long inFlight;
  private long attempts;
  private CheckPort.Attempt attempt;
  private boolean started;
  private boolean stopped;

  /** A loop that hands each attempt's result to {@code results}, on the port's thread. */
  public CheckLoop(CheckSpec spec, CheckPort port, Consumer<ProbeResult> results) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.port = Objects.requireNonNull(port, "port");
    this.results = Objects.requireNonNull(results, "results");
  }

  /** Schedules the first attempt; a second call does nothing. */
  public void start() {
    if (!started && !stopped) {
      started = true;
      schedule(spec.delayNanos());
    }
  }

  /** Stops for good: cancels the next attempt and aborts the one under way. */
  public void stop() {
    stopped = true;
    cancel(timer);
    cancel(timeoutTimer);
    timer = -1;
    timeoutTimer = -1;
    inFlight = 0;
    if (attempt != null) {
      CheckPort.Attempt running = attempt;
      attempt = null;
      running.abort();
    }
  }

  /** Whether an attempt is under way, for tests. */
  boolean attempting() {
    return inFlight != 0;
  }

  private void schedule(long nanos) {
    timer = port.setTimer(millis(nanos), this::attempt);
  }

  private void attempt() {
    timer = -1;
    if (stopped) {
      return;
    }
    long number = ++attempts;
    inFlight = number;
    if (spec.timeoutNanos() > 0) {
      timeoutTimer = port.setTimer(millis(spec.timeoutNanos()), () -> timedOut(number));
    }
    CheckPort.Attempt started = port.probe(spec, result -> finished(number, result));
    // A probe may answer before it returns (a process that could not start).
    if (inFlight == number) {
      attempt = started;
    }
  }

  private void finished(long number, ProbeResult result) {
    if (stopped || number != inFlight) {
      return;
    }
    inFlight = 0;
    attempt = null;
    cancel(timeoutTimer);
    timeoutTimer = -1;
    next(result);
  }

  private void timedOut(long number) {
    timeoutTimer = -1;
    if (stopped || number != inFlight) {
      return;
    }
    inFlight = 0;
    CheckPort.Attempt running = attempt;
    attempt = null;
    if (running != null) {
      running.abort();
    }
    next(ProbeResult.failed(spec.describe() + " timed out after " + seconds(spec.timeoutNanos())));
  }

  private void next(ProbeResult result) {
    results.accept(result);
    if (!stopped) {
      schedule(spec.intervalNanos());
    }
  }

  private void cancel(long id) {
    if (id >= 0) {
      port.cancelTimer(id);
    }
  }

  private static long millis(long nanos) {
    return Math.max(1, nanos / 1_000_000);
  }

  private static String seconds(long nanos) {
    double seconds = nanos / 1e9;
    return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
  }
}
