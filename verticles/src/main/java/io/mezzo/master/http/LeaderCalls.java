package io.mezzo.master.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * How the master's HTTP side reaches the leader's state: operator calls over the event bus,
 * each bounded by a timeout, and the rendering of big answers on a worker so that the HTTP
 * event loop never stalls on a large cluster's state.
 */
public final class LeaderCalls {
  /** The longest the leader may take to answer one operator call. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The leader's answer and the epoch it was stamped with; {@code response} is null for calls with no answer. */
  public record Answer(Response response, long epoch) {}

  private final Vertx vertx;

  public LeaderCalls(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Answer> call(Call call) {
    return vertx.eventBus()
        .<Object>request(Addresses.MASTER, call, new DeliveryOptions().setSendTimeout(TIMEOUT.toMillis()))
        .map(LeaderCalls::answer);
  }

  public Future<Answer> call(Call.Type type) {
    return call(Call.newBuilder().setType(type).build());
  }

  private static Answer answer(Message<Object> reply) {
    String epoch = reply.headers().get(Headers.EPOCH);
    Response response = reply.body() instanceof Response r ? r : null;
    return new Answer(response, epoch == null ? -1 : Long.parseLong(epoch));
  }

  /** Runs {@code work} on a worker: a large cluster's JSON takes a while to build or parse. */
  public <T> Future<T> onWorker(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** Ends the request with a JSON body, or fails it into a JSON error. */
  public static void sendJson(RoutingContext context, Future<Buffer> body) {
    body.onSuccess(json -> context.response().putHeader("Content-Type", "application/json").end(json))
        .onFailure(context::fail);
  }
}
