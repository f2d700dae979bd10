package io.mezzo.master.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpErrors;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.SubscriptionStream;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /api/v1/scheduler}: Apache Mesos's v1 scheduler HTTP API. SUBSCRIBE opens a
 * streaming response of RecordIO-framed events (see {@link SubscriptionStream}); every other
 * call is forwarded to the leader over the event bus and answered {@code 202 Accepted}, or
 * with a JSON error whose status is the master's failure code. A standby master redirects
 * (307) to the leader.
 */
public final class SchedulerEndpoints implements Endpoints {
  /** The endpoint's path, as in Mesos. */
  public static final String PATH = "/api/v1/scheduler";

  /** How long a call waits for the master's answer. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  /**
   * Unbounded here: the master bounds frameworks (max_frameworks), and a stream that is no
   * framework's is ended by its first missed heartbeat. A deposed leader's streams are cut
   * off, so that schedulers subscribe again at once.
   */
  private final SubscriptionStreams<Event> streams;

  public SchedulerEndpoints(Vertx vertx, LeaderView leader) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.streams = new SubscriptionStreams<>(vertx, Objects.requireNonNull(leader, "leader"),
        SubscriptionStream.SCHEDULER, Integer.MAX_VALUE, false);
  }

  @Override
  public void mount(Router router) {
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext context) {
    // Standbys never get here: the LeaderGate redirects them to the leader.
    ProtoMediaType media = ProtoMediaType.ofRequest(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
    Call call = media.decode(context.body().buffer(), Call.newBuilder()).build();
    if (call.getType() == Call.Type.UNKNOWN) {
      // Unknown enum names are dropped as Mesos drops them; a call left without a type says so.
      throw Refusal.badRequest("The call needs a known type, such as SUBSCRIBE");
    }
    String streamId = context.request().getHeader(Headers.STREAM_ID);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      subscribe(context, call, streamId);
    } else {
      forward(context, call, streamId);
    }
  }

  private void subscribe(RoutingContext context, Call call, String streamId) {
    if (streamId != null) {
      throw Refusal.badRequest("SUBSCRIBE calls must not include a Mesos-Stream-Id header; the master assigns one");
    }
    ProtoMediaType answer = ProtoMediaType.forStream(context.request().getHeader(HttpHeaders.ACCEPT));
    streams.open(context, call, answer, CALL_TIMEOUT.toMillis());
  }

  private void forward(RoutingContext context, Call call, String streamId) {
    if (streamId == null || streamId.isBlank()) {
      throw Refusal.badRequest("All non-SUBSCRIBE calls must include the Mesos-Stream-Id header of their subscription");
    }
    DeliveryOptions delivery =
        new DeliveryOptions().setSendTimeout(CALL_TIMEOUT.toMillis()).addHeader(Headers.STREAM_ID, streamId);
    vertx.eventBus()
        .request(Addresses.MASTER, call, delivery)
        .onSuccess(reply -> context.response().setStatusCode(202).end())
        .onFailure(context::fail);
  }

  /** The number of open subscription streams, for tests and metrics. */
  int openStreams() {
    return streams.size();
  }
}
