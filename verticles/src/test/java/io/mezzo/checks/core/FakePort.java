package io.mezzo.checks.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A port with a fake clock: timers fire when the test advances time, and each attempt waits
 * until the test answers it (or it is aborted). Results queued with {@link #answerNext}
 * answer attempts as soon as they start.
 */
final class FakePort implements CheckPort {
  record Timer(long id, long atNanos, Runnable action) {}

  final class Pending implements Attempt {
    final CheckSpec spec;
    final Consumer<ProbeResult> done;
    boolean aborted;

    Pending(CheckSpec spec, Consumer<ProbeResult> done) {
      this.spec = spec;
      this.done = done;
    }

    @Override
    public void abort() {
      aborted = true;
      pending.remove(this);
    }

    void answer(ProbeResult result) {
      pending.remove(this);
      done.accept(result);
    }
  }

  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.atNanos == b.atNanos ? Long.compare(a.id, b.id) : Long.compare(a.atNanos, b.atNanos));
  final List<Pending> pending = new ArrayList<>();
  final List<Pending> started = new ArrayList<>();
  final List<Long> startedAtMillis = new ArrayList<>();
  private final Deque<ProbeResult> answers = new ArrayDeque<>();
  private long now = 1_000_000_000L;
  private long nextId;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    long id = nextId++;
    timers.add(new Timer(id, now + delayMillis * 1_000_000L, action));
    return id;
  }

  @Override
  public void cancelTimer(long id) {
    timers.removeIf(timer -> timer.id == id);
  }

  @Override
  public Attempt probe(CheckSpec spec, Consumer<ProbeResult> done) {
    Pending attempt = new Pending(spec, done);
    started.add(attempt);
    startedAtMillis.add(millis());
    if (!answers.isEmpty()) {
      done.accept(answers.removeFirst());
      return attempt;
    }
    pending.add(attempt);
    return attempt;
  }

  /** Answers the next attempts, as they start, with these results. */
  void answerNext(ProbeResult... results) {
    answers.addAll(List.of(results));
  }

  /** Answers the attempt under way. */
  void answer(ProbeResult result) {
    if (pending.size() != 1) {
      throw new AssertionError("expected one attempt under way, found " + pending.size());
    }
    pending.get(0).answer(result);
  }

  /** Moves the clock on by {@code millis}, firing every timer due on the way, in order. */
  void advance(long millis) {
    long until = now + millis * 1_000_000L;
    while (!timers.isEmpty() && timers.peek().atNanos <= until) {
      Timer timer = timers.poll();
      now = timer.atNanos;
      timer.action.run();
    }
    now = until;
  }

  /** Milliseconds since the fake clock's start. */
  long millis() {
    return (now - 1_000_000_000L) / 1_000_000L;
  }

  int timers() {
    return timers.size();
  }
}
