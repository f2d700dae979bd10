package io.mezzo.master.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.EventStream;
import io.mezzo.http.HttpErrors;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /api/v1/scheduler}: Apache Mesos's v1 scheduler HTTP API. SUBSCRIBE opens a
 * streaming response of RecordIO-framed events (see {@link EventStream}); every other
 * call is forwarded to the leader over the event bus and answered {@code 202 Accepted}, or
 * with a JSON error whose status is the master's failure code. A standby master redirects
 * (307) to the leader.
 */
public final class SchedulerEndpoints implements Endpoints {
  /** The endpoint's path, as in Mesos. */
  public static final String PATH = "/api/v1/scheduler";

  /** How long a call waits for the master's answer. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** How often open streams check that this node still leads. */
  static final Duration LEADER_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final LeaderView leader;
  private final Set<EventStream<Event>> streams = new LinkedHashSet<>();
  private long leaderCheck = -1;

  public SchedulerEndpoints(Vertx vertx, LeaderView leader) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leader = Objects.requireNonNull(leader, "leader");
  }

  @Override
  public void mount(Router router) {
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext context) {
    // Standbys never get here: the LeaderGate redirects them to the leader.
    String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null) {
      throw Refusal.badRequest("Expecting a Content-Type of application/json or application/x-protobuf");
    }
    ProtoMediaType media = ProtoMediaType.ofContentType(contentType);
    if (media == null) {
      throw new Refusal(Failure.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type '" + contentType
          + "'; expecting application/json or application/x-protobuf");
    }
    Call call = media.decode(context.body().buffer(), Call.newBuilder()).build();
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
    ProtoMediaType answer = ProtoMediaType.negotiate(context.request().getHeader(HttpHeaders.ACCEPT));
    if (answer == null) {
      throw new Refusal(Failure.NOT_ACCEPTABLE, "Expecting an Accept header that allows application/json or application/x-protobuf");
    }
    EventStream<Event> stream = new EventStream<>(vertx, context, answer, "scheduler", Addresses::scheduler,
        event -> event.getType() == Event.Type.ERROR, this::ended);
    streams.add(stream);
    watchLeadership();
    stream.open(Addresses.MASTER, call, CALL_TIMEOUT.toMillis());
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

  /**
   * While streams are open, checks every second that this node still leads: a deposed
   * master's streams end, so their schedulers subscribe again and are sent to the new leader.
   */
  private void watchLeadership() {
    if (leaderCheck >= 0) {
      return;
    }
    leaderCheck = vertx.setPeriodic(LEADER_CHECK_INTERVAL.toMillis(), id -> {
      if (!leader.leading()) {
        new ArrayList<>(streams).forEach(stream -> stream.abort("this master no longer leads"));
      }
    });
  }

  private void ended(EventStream<Event> stream) {
    streams.remove(stream);
    if (streams.isEmpty() && leaderCheck >= 0) {
      vertx.cancelTimer(leaderCheck);
      leaderCheck = -1;
    }
  }

  /** The number of open subscription streams, for tests and metrics. */
  int openStreams() {
    return streams.size();
  }
}
