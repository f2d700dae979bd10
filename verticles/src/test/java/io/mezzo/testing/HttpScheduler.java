package io.mezzo.testing;

import io.mezzo.http.ProtoMediaType;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A scheduler that speaks the v1 scheduler HTTP API, for tests: it subscribes over one
 * connection, decodes the RecordIO stream into events a test thread waits for, and makes
 * calls over other connections.
 */
public final class HttpScheduler implements AutoCloseable {
  public static final String PATH = "/api/v1/scheduler";

  /** A response to a request: its status, headers and whole body. */
  public record Response(int status, MultiMap headers, Buffer body) {
    public String text() {
      return body.toString();
    }
  }

  private final HttpClient http;
  private final int port;
  private final ProtoMediaType media;
  private final RecordIoEvents<Event> events;
  private HttpClientResponse stream;
  private String streamId;
  private Event subscribed;

  private HttpScheduler(Vertx vertx, int port, ProtoMediaType media) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(LocalCluster.HOST).setDefaultPort(port));
    this.port = port;
    this.media = media;
    this.events = new RecordIoEvents<>(record -> media.decode(record, Event.newBuilder()).build());
  }

  /** Subscribes {@code info} in {@code media} (calls and events alike) and waits for SUBSCRIBED. */
  public static HttpScheduler subscribe(Vertx vertx, int port, ProtoMediaType media, FrameworkInfo info) {
    HttpScheduler scheduler = new HttpScheduler(vertx, port, media);
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
        .putHeader("Content-Type", media.mime()).putHeader("Accept", media.mime());
    scheduler.stream = Await.result(scheduler.http.request(options)
        .compose(request -> request.send(media.encode(call)))
        .onSuccess(response -> {
          // Set on the event loop as the head arrives, before any of the body is handled.
          if (response.statusCode() == 200) {
            scheduler.events.follow(response);
          }
        }));
    if (scheduler.stream.statusCode() != 200) {
      throw new AssertionError("SUBSCRIBE answered " + scheduler.stream.statusCode());
    }
    scheduler.streamId = scheduler.stream.getHeader("Mesos-Stream-Id");
    scheduler.subscribed = scheduler.next(e -> true, Duration.ofSeconds(30));
    return scheduler;
  }

  /** The SUBSCRIBED event, the first of the stream. */
  public Event subscribed() {
    return subscribed;
  }

  public String streamId() {
    return streamId;
  }

  /** The headers of the streaming response. */
  public MultiMap headers() {
    return stream.headers();
  }

  /** Completes when the master ends the stream. */
  public CompletableFuture<Void> ended() {
    return events.ended();
  }

  /** The next event that matches, skipping others, waiting up to {@code timeout}. */
  public Event next(Predicate<Event> match, Duration timeout) {
    return events.next(match, timeout);
  }

  /** Makes {@code call} with this subscription's framework ID and stream ID. */
  public Response call(Call.Builder call) {
    call.setFrameworkId(subscribed.getSubscribed().getFrameworkId());
    return post(port, media.mime(), streamId, media.encode(call.build()));
  }

  /** POSTs {@code body} to the endpoint on {@code port}, with a stream ID header unless it is null. */
  public Response post(int port, String contentType, String streamId, Buffer body) {
    return postTo(port, contentType, streamId, body);
  }

  /**
   * POSTs to the endpoint on {@code port}; the answer is read whole, through {@link Http}
   * (which cannot lose it, as Vert.x 5.0.7's client can).
   */
  public static Response postTo(int port, String contentType, String streamId, Buffer body) {
    Map<String, String> headers = new HashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (streamId != null) {
      headers.put("Mesos-Stream-Id", streamId);
    }
    return new Http(port).exchange(PATH, headers, body.getBytes());
  }

  /** Closes every connection, the subscription's too, as a scheduler that goes away. */
  @Override
  public void close() {
    Await.result(http.close());
  }
}
