package io.mezzo.master.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.ProtoJson;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.SubscriptionStream;
import io.mezzo.master.validation.OperatorCalls;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.node.LogFile;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Event;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code POST /api/v1}: Apache Mesos's v1 operator HTTP API. The body is a {@code master.Call}
 * in JSON ({@code application/json}) or protobuf ({@code application/x-protobuf}); the answer
 * is a {@code master.Response} in the type the {@code Accept} header asks for, else in the
 * request's own type. Calls with nothing to answer (TEARDOWN, SET_LOGGING_LEVEL) get an
 * empty 200. SUBSCRIBE answers a stream of RecordIO-framed {@code master.Event}s (see
 * {@link SubscriptionStream}). Calls about the state go to the leader's master verticle;
 * calls about this node (metrics, logging, files) are answered here ({@link NodeCalls}).
 */
public final class OperatorEndpoints implements Endpoints {
  static final String JSON = "application/json";
  static final String PROTOBUF = "application/x-protobuf";

  /** Operator event streams one master serves at once, as many as dashboards; more get a 503. */
  public static final int MAX_STREAMS = 100;

  private final LeaderCalls leader;
  private final NodeCalls node;
  private final SubscriptionStreams<Event> streams;

  public OperatorEndpoints(Vertx vertx, LeaderView leaderView, NodeMeters meters) {
    this(vertx, leaderView, meters, MAX_STREAMS);
  }

  /** The same, serving at most {@code maxStreams} event streams at once. */
  OperatorEndpoints(Vertx vertx, LeaderView leaderView, NodeMeters meters, int maxStreams) {
    this.leader = new LeaderCalls(vertx);
    this.node = new NodeCalls(vertx, meters, new MasterFiles(vertx, LogFile::current));
    // A deposed leader's operator streams end cleanly: nothing was cut short, only ended.
    this.streams = new SubscriptionStreams<>(vertx, leaderView, SubscriptionStream.OPERATOR, maxStreams, true);
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1").handler(this::call);
  }

  @Override
  public void close() {
    streams.closeAll("this master is stopping");
  }

  /** The number of open event streams, for tests. */
  int openStreams() {
    return streams.size();
  }

  private void call(RoutingContext context) {
    String contentType = mediaType(context.request().getHeader("Content-Type"));
    if (!JSON.equals(contentType) && !PROTOBUF.equals(contentType)) {
      throw new Refusal(Failure.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + JSON + " or " + PROTOBUF
          + (contentType == null ? "" : ", not " + contentType));
    }
    String answerType = answerType(context.request().getHeader("Accept"), contentType);
    Buffer body = context.body().buffer();
    if (body == null || body.length() == 0) {
      throw Refusal.badRequest("The body must be a master.Call; it is empty");
    }
    // Parsed on a worker: a body of several megabytes takes a while.
    leader.onWorker(() -> parse(body, contentType))
        .onSuccess(call -> {
          try {
            answer(context, call, answerType);
          } catch (RuntimeException e) {
            context.fail(e);
          }
        })
        .onFailure(context::fail);
  }

  /** Opens the event stream of a SUBSCRIBE, or answers any other call with its Response. */
  private void answer(RoutingContext context, Call call, String answerType) {
    if (call.getType() == Call.Type.SUBSCRIBE) {
      OperatorCalls.check(call);
      ProtoMediaType media = JSON.equals(answerType) ? ProtoMediaType.JSON : ProtoMediaType.PROTOBUF;
      streams.open(context, call, media, LeaderCalls.TIMEOUT.toMillis());
      return;
    }
    Future<Response> response = NodeCalls.TYPES.contains(call.getType())
        ? node.handle(call)
        : leader.call(call).map(LeaderCalls.Answer::response);
    response
        .compose(answer -> answer == null
            ? Future.succeededFuture((Buffer) null)
            : leader.onWorker(() -> encode(answer, answerType)))
        .onSuccess(encoded -> {
          if (encoded == null) {
            context.response().end();
          } else {
            context.response().putHeader("Content-Type", answerType).end(encoded);
          }
        })
        .onFailure(context::fail);
  }

  /**
   * The call in {@code body}.
   *
   * @throws Refusal (400) naming what is wrong with it
   */
  static Call parse(Buffer body, String contentType) {
    ProtoMediaType media = JSON.equals(contentType) ? ProtoMediaType.JSON : ProtoMediaType.PROTOBUF;
    Call call = media.decode(body, Call.newBuilder()).build();
    if (call.getType() == Call.Type.UNKNOWN) {
      throw Refusal.badRequest("The call needs a known type, such as GET_STATE");
    }
    return call;
  }

  private static Buffer encode(Response response, String type) {
    return JSON.equals(type) ? Buffer.buffer(ProtoJson.print(response)) : Buffer.buffer(response.toByteArray());
  }

  /**
   * The type of the answer: what {@code Accept} asks for among JSON and protobuf, else the
   * request's own type.
   *
   * @throws Refusal (406) when Accept admits neither
   */
  static String answerType(String accept, String requestType) {
    if (accept == null || accept.isBlank()) {
      return requestType;
    }
    boolean json = false;
    boolean protobuf = false;
    boolean any = false;
    for (String range : accept.split(",")) {
      String type = mediaType(range);
      if (type == null || quality(range) == 0) {
        continue;
      }
      json |= JSON.equals(type);
      protobuf |= PROTOBUF.equals(type);
      any |= "*/*".equals(type) || "application/*".equals(type);
    }
    if (json == protobuf) {
      if (json || any) {
        return requestType;
      }
      throw new Refusal(Failure.NOT_ACCEPTABLE, "Accept must admit " + JSON + " or " + PROTOBUF);
    }
    return json ? JSON : PROTOBUF;
  }

  /** {@code type/subtype} of a header value, lower case, without its parameters; null when absent. */
  static String mediaType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.isEmpty() ? null : type;
  }

  private static double quality(String range) {
    for (String parameter : range.split(";")) {
      String trimmed = parameter.trim();
      if (trimmed.startsWith("q=")) {
        try {
          return Double.parseDouble(trimmed.substring(2));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }
}
