package io.mezzo.client;

import com.google.protobuf.Empty;
import io.mezzo.bus.Failure;
import io.mezzo.bus.GrpcMetadata;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.v1.scheduler.SchedulerGrpcClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java scheduler client over gRPC, for a framework that is no Hazelcast member: the same
 * calls as the event-bus {@link SchedulerClient}, sent to a master's gRPC port. A standby
 * answers UNAVAILABLE naming the leader; the client follows it (at most {@link #MAX_HOPS}
 * hops a call). When the stream ends (the leader stepped down, or cut off a slow reader),
 * the client subscribes again with the framework's ID, and the handler sees a new SUBSCRIBED.
 * Events reach the handler on one context, in the order the master sent them.
 */
public final class GrpcSchedulerClient extends SchedulerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcSchedulerClient.class);
  /** Redirects one call follows before it fails: more means the masters disagree on the leader. */
  public static final int MAX_HOPS = 3;
  /** How long a failed subscription waits before the client tries again. */
  static final long RESUBSCRIBE_DELAY_MILLIS = 1000;

  private final Vertx vertx;
  private final GrpcClient client;
  private final SchedulerClientOptions options;
  private final Context context;
  private SocketAddress master;
  private Handler<Event> handler;
  private FrameworkInfo frameworkInfo;
  private FrameworkID frameworkId;
  private String streamId;
  private GrpcClientRequest<Call, Event> stream;
  private boolean closed;

  private GrpcSchedulerClient(Vertx vertx, SocketAddress master, SchedulerClientOptions options) {
    this.vertx = vertx;
    this.master = master;
    this.options = options;
    this.client = GrpcClient.client(vertx);
    this.context = vertx.getOrCreateContext();
  }

  /** A client of the master (any master: a standby sends it on) at {@code master}'s gRPC port. */
  public static GrpcSchedulerClient create(Vertx vertx, SocketAddress master, SchedulerClientOptions options) {
    return new GrpcSchedulerClient(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(master, "master"),
        Objects.requireNonNull(options, "options"));
  }

  public static GrpcSchedulerClient create(Vertx vertx, SocketAddress master) {
    return create(vertx, master, new SchedulerClientOptions());
  }

  /**
   * Subscribes as {@code info} describes (a failover when it has an ID); every event,
   * SUBSCRIBED first, goes to {@code handler}.
   *
   * @return the framework's ID once the leader accepted the subscription
   */
  public Future<FrameworkID> subscribe(FrameworkInfo info, Handler<Event> handler) {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(handler, "handler");
    Promise<FrameworkID> subscribed = Promise.promise();
    context.runOnContext(v -> {
      this.handler = handler;
      this.frameworkInfo = info;
      open(subscribed, 0);
    });
    return subscribed.future();
  }

  /** The framework's ID once subscribed. */
  public FrameworkID frameworkId() {
    return frameworkId;
  }

  /** The current subscription's stream ID. */
  public String streamId() {
    return streamId;
  }

  /** The master this client talks to now (the leader, once a standby sent it on). */
  public SocketAddress master() {
    return master;
  }

  private void open(Promise<FrameworkID> subscribed, int hops) {
    FrameworkInfo info = frameworkId == null ? frameworkInfo : frameworkInfo.toBuilder().setId(frameworkId).build();
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    if (info.hasId()) {
      subscribe = subscribe.toBuilder().setFrameworkId(info.getId()).build();
    }
    Call call = subscribe;
    client.request(master, SchedulerGrpcClient.Subscribe)
        .compose(request -> {
          stream = request;
          request.end(call);
          return request.response();
        })
        .onSuccess(response -> listen(response, subscribed, hops))
        .onFailure(error -> retry(subscribed, error));
  }

  private void listen(GrpcClientResponse<Call, Event> response, Promise<FrameworkID> subscribed, int hops) {
    String id = response.headers().get(GrpcMetadata.STREAM_ID);
    response.handler(event -> {
      if (event.getType() == Event.Type.SUBSCRIBED) {
        streamId = id;
        frameworkId = event.getSubscribed().getFrameworkId();
        subscribed.tryComplete(frameworkId);
      }
      handler.handle(event);
    });
    response.end().onComplete(ended -> {
      GrpcStatus status = response.status();
      if (closed) {
        return;
      }
      SocketAddress leader = leader(status, response);
      if (leader != null && hops < MAX_HOPS && !subscribed.future().isComplete()) {
        master = leader;
        open(subscribed, hops + 1);
        return;
      }
      if (!subscribed.future().isComplete() && status != GrpcStatus.UNAVAILABLE) {
        // A refusal (INVALID_ARGUMENT ...) is final: the same SUBSCRIBE would be refused again.
        subscribed.tryFail(Failure.BAD_REQUEST.exception(status + ": " + response.statusMessage()));
        return;
      }
      LOG.info("scheduler stream ended ({} {}); subscribing again", status, response.statusMessage());
      streamId = null;
      retry(subscribed, null);
    });
  }

  private void retry(Promise<FrameworkID> subscribed, Throwable error) {
    if (closed) {
      subscribed.tryFail(new IllegalStateException("closed"));
      return;
    }
    if (error != null) {
      LOG.debug("could not reach {}: {}", master, error.toString());
    }
    vertx.setTimer(RESUBSCRIBE_DELAY_MILLIS, t -> context.runOnContext(v -> {
      if (!closed) {
        open(subscribed, 0);
      }
    }));
  }

  @Override
  protected Future<Void> call(Call.Builder call) {
    String stream = streamId;
    if (frameworkId == null || stream == null) {
      return Future.failedFuture(Failure.BAD_REQUEST.exception("not subscribed"));
    }
    call.setFrameworkId(frameworkId);
    return send(call.build(), stream, 0);
  }

  private Future<Void> send(Call call, String stream, int hops) {
    return client.request(master, SchedulerGrpcClient.Call).compose(request -> {
      request.timeout(options.getRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      request.headers().set(GrpcMetadata.STREAM_ID, stream);
      request.end(call);
      return request.response().compose(response -> response.last().otherwise((Empty) null).compose(v -> {
        if (response.status() == GrpcStatus.OK) {
          return Future.<Void>succeededFuture();
        }
        SocketAddress leader = leader(response.status(), response);
        if (leader != null && hops < MAX_HOPS) {
          master = leader;
          return send(call, stream, hops + 1);
        }
        return Future.<Void>failedFuture(Failure.ofCode(httpCode(response.status())).exception(response.statusMessage()));
      }));
    });
  }

  /** The leader a standby named in its UNAVAILABLE, or null. */
  private static SocketAddress leader(GrpcStatus status, GrpcClientResponse<?, ?> response) {
    if (status != GrpcStatus.UNAVAILABLE) {
      return null;
    }
    String named = first(response.trailers(), response.headers());
    if (named == null) {
      return null;
    }
    int colon = named.lastIndexOf(':');
    try {
      return SocketAddress.inetSocketAddress(Integer.parseInt(named.substring(colon + 1)), named.substring(0, colon));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String first(MultiMap trailers, MultiMap headers) {
    // A status with no message before it travels in the headers ("trailers-only").
    String value = trailers == null ? null : trailers.get(GrpcMetadata.LEADER);
    return value != null ? value : headers == null ? null : headers.get(GrpcMetadata.LEADER);
  }

  /** The master's failure code for a status, so callers recover it with {@link Failure#of}. */
  private static int httpCode(GrpcStatus status) {
    return switch (status) {
      case INVALID_ARGUMENT -> Failure.BAD_REQUEST.code();
      case FAILED_PRECONDITION -> Failure.FORBIDDEN.code();
      case NOT_FOUND -> Failure.NOT_FOUND.code();
      case UNAVAILABLE -> Failure.UNAVAILABLE.code();
      case DEADLINE_EXCEEDED -> Failure.NO_REPLY.code();
      default -> Failure.INTERNAL.code();
    };
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      if (stream != null) {
        stream.cancel();
      }
      client.close().onComplete(done);
    });
    return done.future();
  }
}
