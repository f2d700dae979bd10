package io.mezzo.cli.run;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.cli.client.CliException;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.RecordIo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * A scheduler's end of the v1 scheduler HTTP API, in JSON: the SUBSCRIBE stream, read as
 * RecordIO records of events, and calls made over other connections. Used on one Vert.x
 * context.
 */
final class SchedulerConnection {
  static final String PATH = "/api/v1/scheduler";
  /** Largest event accepted from the master. */
  static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final MasterClient master;
  private HttpClientResponse stream;
  private String streamId;
  private FrameworkID frameworkId;

  SchedulerConnection(MasterClient master) {
    this.master = Objects.requireNonNull(master, "master");
  }

  /**
   * Subscribes {@code info}, following redirects to the leader. Completes with SUBSCRIBED;
   * later events go to {@code events}, and {@code ended} learns when the stream stops (with
   * why, or null when the master ended it cleanly).
   */
  Future<Event> subscribe(FrameworkInfo info, Handler<Event> events, Handler<String> ended) {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    Promise<Event> subscribed = Promise.promise();
    master.send(HttpMethod.POST, PATH, ProtoMediaType.JSON.mime(), ProtoMediaType.JSON.encode(call), null, 0)
        .onFailure(subscribed::fail)
        .onSuccess(response -> {
          stream = response;
          streamId = response.getHeader(Headers.STREAM_ID);
          if (streamId == null) {
            subscribed.fail(new CliException("the master at " + master.master() + " sent no Mesos-Stream-Id; is it a Mezzo master?"));
            response.request().connection().close();
            return;
          }
          RecordIo.Decoder decoder = new RecordIo.Decoder(MAX_EVENT_BYTES, record -> {
            Event event = ProtoMediaType.JSON.decode(record, Event.newBuilder()).build();
            if (subscribed.future().isComplete()) {
              events.handle(event);
            } else if (event.getType() == Event.Type.SUBSCRIBED) {
              frameworkId = event.getSubscribed().getFrameworkId();
              subscribed.complete(event);
            } else {
              throw new CliException("the master answered SUBSCRIBE with " + event.getType()
                  + (event.hasError() ? ": " + event.getError().getMessage() : ""));
            }
          });
          response.handler(piece -> {
            try {
              decoder.feed(piece);
            } catch (RuntimeException e) {
              String why = e instanceof CliException ? e.getMessage() : "the master sent an unreadable event: " + e.getMessage();
              if (!subscribed.tryFail(new CliException(why))) {
                ended.handle(why);
              }
              close();
            }
          });
          response.exceptionHandler(error -> {
            String why = "the connection to the master broke: " + error.getMessage();
            if (!subscribed.tryFail(new CliException(why))) {
              ended.handle(why);
            }
          });
          response.endHandler(v -> {
            if (!subscribed.tryFail(new CliException("the master ended the subscription at once"))) {
              ended.handle(decoder.atRecordBoundary() ? null : "the master's stream stopped inside an event");
            }
          });
        });
    return subscribed.future();
  }

  /**
   * Makes a call of this subscription, which the master answers 202; fails with the
   * master's {@link Refusal} (its failure and message) otherwise.
   */
  Future<Void> call(Call.Builder call) {
    if (frameworkId == null) {
      return Future.failedFuture(new IllegalStateException("not subscribed"));
    }
    call.setFrameworkId(frameworkId);
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(master.master().host())
        .setPort(master.master().port())
        .setURI(PATH)
        .setTimeout(CALL_TIMEOUT.toMillis())
        .setHeaders(MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", ProtoMediaType.JSON.mime())
            .add(Headers.STREAM_ID, streamId));
    return master.http().request(options)
        .compose(request -> request.send(ProtoMediaType.JSON.encode(call.build())))
        .compose(response -> response.body().compose(body -> {
          if (response.statusCode() / 100 == 2) {
            return Future.<Void>succeededFuture();
          }
          return Future.failedFuture(new Refusal(Failure.ofCode(response.statusCode()), errorOf(body, response.statusCode())));
        }));
  }

  private static String errorOf(Buffer body, int status) {
    try {
      String error = new JsonObject(body).getString("error");
      return error != null ? error : "HTTP " + status;
    } catch (DecodeException | ClassCastException e) {
      return body.length() > 0 ? body.toString().strip() : "HTTP " + status;
    }
  }

  FrameworkID frameworkId() {
    return frameworkId;
  }

  /** Closes the subscription's connection without tearing the framework down. */
  void close() {
    HttpClientResponse current = stream;
    stream = null;
    if (current != null) {
      current.request().connection().close();
    }
  }
}
