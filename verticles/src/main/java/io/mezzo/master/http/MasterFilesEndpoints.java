package io.mezzo.master.http;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Refusal;
import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpErrors;
import io.mezzo.http.QueryParams;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A task's sandbox files through the master: {@code /files/browse}, {@code /files/read} and
 * {@code /files/download} with {@code task_id} (and {@code framework_id} when the ID is not
 * unique) and {@code path} relative to the sandbox. The master finds the task and its agent
 * in its state and relays the agent's own files API (status and body), so one address
 * serves every sandbox of the cluster. Every reply about a known task carries its latest
 * state in {@value #TASK_STATE_HEADER}, which tells a follower when to stop.
 */
public final class MasterFilesEndpoints implements Endpoints {
  /** The header with the task's latest state, e.g. {@code TASK_RUNNING}. */
  public static final String TASK_STATE_HEADER = "X-Mezzo-Task-State";
  static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** A download may be long, but an agent silent this long is stuck. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> RELAYED_HEADERS =
      List.of("Content-Type", "Content-Disposition", "X-Mezzo-Truncated");

  private final Vertx vertx;
  private final HttpClient agents;

  public MasterFilesEndpoints(Vertx vertx) {
    this.vertx = vertx;
    Codecs.register(vertx);
    this.agents = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()),
        new PoolOptions().setHttp1MaxSize(16));
  }

  @Override
  public void mount(Router router) {
    for (String operation : List.of("browse", "read", "download")) {
      router.get("/files/" + operation).handler(context -> serve(context, operation));
      router.get("/files/" + operation + ".json").handler(context -> serve(context, operation));
    }
  }

  private void serve(RoutingContext context, String operation) {
    String taskId = QueryParams.single(context, "task_id");
    if (taskId == null) {
      throw Refusal.badRequest("Give task_id: the master serves the sandboxes of tasks");
    }
    Refusal.requireId("task", taskId);
    String frameworkId = QueryParams.single(context, "framework_id");
    if (frameworkId != null) {
      Refusal.requireId("framework", frameworkId);
    }
    StringBuilder query = new StringBuilder();
    for (String name : List.of("path", "offset", "length")) {
      String value = QueryParams.single(context, name);
      if (value != null) {
        query.append('&').append(name).append('=').append(encode(value));
      }
    }
    Call call = Call.newBuilder().setType(Call.Type.GET_STATE).build();
    vertx.eventBus()
        .<Response>request(Addresses.MASTER, call, new DeliveryOptions().setSendTimeout(STATE_TIMEOUT.toMillis()))
        .map(reply -> TaskLocator.locate(reply.body().getGetState(), taskId, frameworkId))
        .onSuccess(location -> {
          taskState(context, location.task());
          if (location.problem() != null) {
            context.fail(location.problem());
            return;
          }
          forward(context, location, "/files/" + operation + "?task_id=" + encode(taskId)
              + "&framework_id=" + encode(location.frameworkId()) + query);
        })
        .onFailure(context::fail);
  }

  private void forward(RoutingContext context, TaskLocator.Location location, String uri) {
    AgentInfo agent = location.agent();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(agent.getHostname())
        .setPort(agent.getPort())
        .setURI(uri)
        .setConnectTimeout(CONNECT_TIMEOUT.toMillis())
        .setIdleTimeout(IDLE_TIMEOUT.toMillis());
    agents.request(options)
        .compose(HttpClientRequest::send)
        .onSuccess(response -> relay(context, response))
        .onFailure(error -> agentFailed(context, agent, error));
  }

  private static void relay(RoutingContext context, HttpClientResponse from) {
    HttpServerResponse to = context.response().setStatusCode(from.statusCode());
    for (String header : RELAYED_HEADERS) {
      String value = from.getHeader(header);
      if (value != null) {
        to.putHeader(header, value);
      }
    }
    String length = from.getHeader("Content-Length");
    if (length != null) {
      to.putHeader("Content-Length", length);
    } else {
      to.setChunked(true);
    }
    from.pipe().endOnFailure(false).to(to).onFailure(error -> {
      // Either side broke off: end both, so neither holds a connection open.
      from.request().reset();
      to.reset();
    });
  }

  private static void agentFailed(RoutingContext context, AgentInfo agent, Throwable error) {
    String where = "agent " + agent.getId().getValue() + " at " + agent.getHostname() + ":" + agent.getPort();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (message.toLowerCase(Locale.ROOT).contains("timeout") || message.toLowerCase(Locale.ROOT).contains("timed out")) {
      HttpErrors.send(context, 504, "The " + where + " did not answer in time");
    } else if (error instanceof ConnectException || error instanceof UnknownHostException) {
      HttpErrors.send(context, 502, "Cannot reach the " + where + ": " + message);
    } else {
      HttpErrors.send(context, 502, "The request to the " + where + " failed: " + message);
    }
  }

  private static void taskState(RoutingContext context, Task task) {
    if (task.hasState()) {
      context.response().putHeader(TASK_STATE_HEADER, task.getState().name());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
