package io.mezzo.agent.http;

import io.mezzo.agent.validation.ExecutorCalls;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.http.SubscriptionStream;
import io.mezzo.v1.executor.Call;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /api/v1/executor}: Apache Mesos's v1 executor HTTP API, for the executors the
 * agent's custom-executor supervisors start. SUBSCRIBE opens a streaming response of
 * RecordIO-framed events ({@link SubscriptionStream}, as the scheduler API's); UPDATE and MESSAGE
 * are answered {@code 202 Accepted} once the executor's supervisor has taken them, or with a
 * JSON error. The media-type rules are the scheduler API's: the body's {@code Content-Type}
 * is JSON or protobuf, and a subscription answers in the type {@code Accept} prefers.
 *
 * <p>Each call goes to the supervisor of the executor it names, on that run's API address;
 * the supervisor speaks to the agent for it, so this endpoint holds no executor state.
 */
public final class ExecutorEndpoints implements Endpoints {
  /** The endpoint's path, as in Mesos. */
  public static final String PATH = "/api/v1/executor";

  /** How long a call waits for the supervisor's answer. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final AgentView agent;

  public ExecutorEndpoints(Vertx vertx, AgentView agent) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  @Override
  public void mount(Router router) {
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext context) {
    ProtoMediaType media = ProtoMediaType.ofRequest(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
    Call call = media.decode(context.body().buffer(), Call.newBuilder()).build();
    ExecutorCalls.check(call);
    if (call.getType() == Call.Type.HEARTBEAT) {
      context.response().setStatusCode(202).end();
      return;
    }
    ProtoMediaType answer = call.getType() == Call.Type.SUBSCRIBE
        ? ProtoMediaType.forStream(context.request().getHeader(HttpHeaders.ACCEPT))
        : null;
    String runId = agent.customExecutorRun(call.getFrameworkId().getValue(), call.getExecutorId().getValue());
    if (runId == null) {
      throw Refusal.badRequest("Executor cannot be found: no executor " + call.getExecutorId().getValue()
          + " of framework " + call.getFrameworkId().getValue() + " runs on this agent");
    }
    String supervisor = Addresses.executorApi(agent.agentId(), runId);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      new SubscriptionStream<>(vertx, SubscriptionStream.EXECUTOR, context, answer, CALL_TIMEOUT.toMillis(), s -> { })
          .open(supervisor, call);
      return;
    }
    vertx.eventBus()
        .request(supervisor, call, new DeliveryOptions().setSendTimeout(CALL_TIMEOUT.toMillis()))
        .onSuccess(reply -> context.response().setStatusCode(202).end())
        .onFailure(error -> context.fail(gone(error) ? Refusal.badRequest("Executor cannot be found: it has ended") : error));
  }

  /** Whether a request failed because the run's supervisor stopped listening meanwhile. */
  private static boolean gone(Throwable error) {
    return error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
