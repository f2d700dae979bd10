package io.mezzo.testing;

import io.mezzo.http.ProtoMediaType;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Event;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * An operator's SUBSCRIBE of the v1 operator HTTP API, for tests: it decodes the RecordIO
 * stream into events a test thread waits for.
 */
public final class HttpOperatorStream implements AutoCloseable {
  public static final String PATH = "/api/v1";

  private final HttpClient http;
  private final RecordIoEvents<Event> events;
  private HttpClientResponse stream;
  private Event subscribed;

  private HttpOperatorStream(Vertx vertx, int port, ProtoMediaType media) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(LocalCluster.HOST).setDefaultPort(port));
    this.events = new RecordIoEvents<>(record -> media.decode(record, Event.newBuilder()).build());
  }

  /**
   * Subscribes in {@code media} and waits for the answer's head: SUBSCRIBED, when it is a 200.
   *
   * @return the stream, or null when the answer was not a 200 (its status is in {@code status})
   */
  public static HttpOperatorStream subscribe(Vertx vertx, int port, ProtoMediaType media) {
    HttpOperatorStream operator = new HttpOperatorStream(vertx, port, media);
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
        .putHeader("Content-Type", media.mime()).putHeader("Accept", media.mime());
    operator.stream = Await.result(operator.http.request(options)
        .compose(request -> request.send(media.encode(call)))
        .onSuccess(response -> {
          // Set on the event loop as the head arrives, before any of the body is handled.
          if (response.statusCode() == 200) {
            operator.events.follow(response);
          }
        }));
    if (operator.stream.statusCode() == 200) {
      operator.subscribed = operator.next(e -> true, Duration.ofSeconds(30));
    }
    return operator;
  }

  /** The status of the SUBSCRIBE answer. */
  public int status() {
    return stream.statusCode();
  }

  /** The SUBSCRIBED event, the first of the stream; null when the answer was no stream. */
  public Event subscribed() {
    return subscribed;
  }

  /** The headers of the streaming response. */
  public MultiMap headers() {
    return stream.headers();
  }

  /** Completes when the master ends the stream; fails when the connection breaks. */
  public CompletableFuture<Void> ended() {
    return events.ended();
  }

  /** The next event that matches, skipping others, waiting up to {@code timeout}. */
  public Event next(Predicate<Event> match, Duration timeout) {
    return events.next(match, timeout);
  }

  /** Closes the connection, as an operator that goes away. */
  @Override
  public void close() {
    Await.result(http.close());
  }
}
