package io.mezzo.master.core;

import com.google.protobuf.GeneratedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * The master core's world in a test: a clock that moves only when told to, timers that fire
 * as it moves, and a record of every message the core sends. Requests are answered at once,
 * except to the addresses a test has silenced: those time out when their timeout has passed.
 */
final class RecordingPort implements MasterPort {
  /** A message the core sent or published. */
  record Sent(String address, GeneratedMessage body, boolean published) {}

  private record Timer(long id, Runnable action, long periodMillis) {}

  /** When a timer is due; timers due at the same time fire in the order they were set. */
  private record Due(long atMillis, long id) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = Long.compare(atMillis, other.atMillis);
      return byTime != 0 ? byTime : Long.compare(id, other.id);
    }
  }

  private long nowMillis = 1_700_000_000_000L;
  private long nextTimerId;
  private final TreeMap<Due, Timer> timers = new TreeMap<>();
  private final List<Sent> sent = new ArrayList<>();
  private final Set<String> silent = new HashSet<>();

  @Override
  public void send(String address, GeneratedMessage body) {
    sent.add(new Sent(address, body, false));
  }

  @Override
  public void publish(String address, GeneratedMessage body) {
    sent.add(new Sent(address, body, true));
  }

  @Override
  public CompletionStage<Void> request(String address, GeneratedMessage body, Duration timeout) {
    sent.add(new Sent(address, body, false));
    if (!silent.contains(address)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> answer = new CompletableFuture<>();
    setTimer(timeout.toMillis(), () -> answer.completeExceptionally(
        new TimeoutException("No reply from " + address + " within " + timeout.toMillis() + " ms")));
    return answer;
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return schedule(delayMillis, new Timer(nextTimerId++, action, 0));
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    return schedule(periodMillis, new Timer(nextTimerId++, action, periodMillis));
  }

  private long schedule(long delayMillis, Timer timer) {
    timers.put(new Due(nowMillis + delayMillis, timer.id()), timer);
    return timer.id();
  }

  @Override
  public void cancelTimer(long timerId) {
    timers.keySet().removeIf(due -> due.id() == timerId);
  }

  @Override
  public long nowMillis() {
    return nowMillis;
  }

  @Override
  public long nanoTime() {
    return nowMillis * 1_000_000L;
  }

  /** Moves the clock by {@code duration}, firing every timer that falls due on the way, in order. */
  void advance(Duration duration) {
    long until = nowMillis + duration.toMillis();
    while (!timers.isEmpty() && timers.firstKey().atMillis() <= until) {
      Due due = timers.firstKey();
      Timer timer = timers.remove(due);
      nowMillis = due.atMillis();
      if (timer.periodMillis() > 0) {
        timers.put(new Due(nowMillis + timer.periodMillis(), timer.id()), timer);
      }
      timer.action().run();
    }
    nowMillis = until;
  }

  /** From now on requests to {@code address} get no answer; {@code false} makes them answered again. */
  void silence(String address, boolean silenced) {
    if (silenced) {
      silent.add(address);
    } else {
      silent.remove(address);
    }
  }

  /** How many timers are set. */
  int timers() {
    return timers.size();
  }

  /** The bodies of type {@code type} sent to {@code address} (not published), oldest first. */
  <T extends GeneratedMessage> List<T> sentTo(String address, Class<T> type) {
    List<T> bodies = new ArrayList<>();
    for (Sent message : sent) {
      if (!message.published() && message.address().equals(address) && type.isInstance(message.body())) {
        bodies.add(type.cast(message.body()));
      }
    }
    return bodies;
  }

  /** The bodies of type {@code type} published to {@code address}, oldest first. */
  <T extends GeneratedMessage> List<T> publishedTo(String address, Class<T> type) {
    List<T> bodies = new ArrayList<>();
    for (Sent message : sent) {
      if (message.published() && message.address().equals(address) && type.isInstance(message.body())) {
        bodies.add(type.cast(message.body()));
      }
    }
    return bodies;
  }

  /** Everything sent or published, oldest first. */
  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Forgets what was sent, so that a test sees what comes next. */
  void clear() {
    sent.clear();
  }
}
