package io.mezzo.testing;

import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.RecordIo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An executor that speaks the v1 executor HTTP API to an agent, for tests: it subscribes
 * over one connection, decodes the RecordIO stream into events a test thread waits for, and
 * makes calls over other connections.
 */
public final class HttpExecutor implements AutoCloseable {
  public static final String PATH = "/api/v1/executor";

  private final HttpClient http;
  private final Http calls;
  private final int port;
  private final ProtoMediaType media;
  private final FrameworkID frameworkId;
  private final ExecutorID executorId;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  public HttpExecutor(Vertx vertx, int port, ProtoMediaType media, String frameworkId, String executorId) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(LocalCluster.HOST).setDefaultPort(port));
    this.calls = new Http(port);
    this.port = port;
    this.media = media;
    this.frameworkId = FrameworkID.newBuilder().setValue(frameworkId).build();
    this.executorId = ExecutorID.newBuilder().setValue(executorId).build();
  }

  /** Subscribes with {@code subscribe}; returns the response's status (200 once streaming). */
  public int subscribe(Call.Subscribe subscribe) {
    Call call = call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
        .putHeader("Content-Type", media.mime()).putHeader("Accept", media.mime());
    return Await.result(http.request(options)
        .compose(request -> request.send(media.encode(call)))
        .map(response -> {
          if (response.statusCode() == 200) {
            RecordIo.Decoder decoder = new RecordIo.Decoder(64 << 20,
                record -> events.add(media.decode(record, Event.newBuilder()).build()));
            response.handler(decoder::feed);
            response.endHandler(v -> ended.complete(null));
            response.exceptionHandler(ended::completeExceptionally);
          }
          return response.statusCode();
        }));
  }

  /** Completes when the agent ends the stream. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** The next event that matches, skipping others, waiting up to {@code timeout}. */
  public Event next(Predicate<Event> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no matching executor event within " + timeout);
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

  /** The next event of {@code type}. */
  public Event next(Event.Type type, Duration timeout) {
    return next(e -> e.getType() == type, timeout);
  }

  /** A call of this executor, its IDs set. */
  public Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
  }

  /** Makes {@code call} in this executor's media type. */
  public HttpScheduler.Response send(Call call) {
    return post(media.mime(), media.encode(call));
  }

  /** POSTs {@code body}; the answer is read whole (through {@link Http}, which cannot lose it). */
  public HttpScheduler.Response post(String contentType, Buffer body) {
    return calls.exchange(PATH, contentType == null ? Map.of() : Map.of("Content-Type", contentType), body.getBytes());
  }

  /** Closes every connection, the subscription's too, as an executor that goes away. */
  @Override
  public void close() {
    Await.result(http.close());
  }
}
