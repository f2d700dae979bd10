package io.mezzo.testing;

import io.mezzo.http.RecordIo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The events of a streaming RecordIO response (a scheduler's or an operator's SUBSCRIBE),
 * decoded on the event loop as they arrive and waited for by a test thread.
 *
 * @param <E> the event message
 */
public final class RecordIoEvents<E> {
  private final Function<Buffer, E> decode;
  private final BlockingQueue<E> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  /** @param decode turns one record into an event */
  public RecordIoEvents(Function<Buffer, E> decode) {
    this.decode = decode;
  }

  /** Reads {@code response}'s body from now on; call as its head arrives, before any of the body is handled. */
  public void follow(HttpClientResponse response) {
    RecordIo.Decoder decoder = new RecordIo.Decoder(64 << 20, record -> events.add(decode.apply(record)));
    response.handler(decoder::feed);
    response.endHandler(v -> ended.complete(null));
    response.exceptionHandler(ended::completeExceptionally);
  }

  /** Completes when the server ends the stream; fails when the connection breaks. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** The next event that matches, skipping others, waiting up to {@code timeout}. */
  public E next(Predicate<E> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        E event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no matching event within " + timeout);
        }
        if (match.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
