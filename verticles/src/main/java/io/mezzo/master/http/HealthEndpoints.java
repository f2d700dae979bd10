package io.mezzo.master.http;

import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpErrors;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /master/health}: 200 while this node leads, 503 otherwise; and {@code /master/redirect}:
 * a 307 to the leader, as Mesos answers it.
 */
public final class HealthEndpoints implements Endpoints {
  private final LeaderView leader;

  public HealthEndpoints(LeaderView leader) {
    this.leader = leader;
  }

  @Override
  public void mount(Router router) {
    router.get("/master/health").handler(this::health);
    // Mesos's process-level /health and /version: every master answers for itself.
    router.get("/health").handler(context -> context.response().setStatusCode(200).end());
    router.get("/version").handler(context -> context.response()
        .putHeader("Content-Type", "application/json").end(StateJson.version().encode()));
    router.get("/master/redirect").handler(this::redirect);
    // Where Mesos clients probe for the leader (mesos-rxjava asks /redirect next to /api/v1/scheduler).
    router.get("/redirect").handler(this::redirect);
  }

  private void health(RoutingContext context) {
    if (!leader.leading()) {
      HttpErrors.send(context, 503, "This master is not the leader");
      return;
    }
    context.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("healthy", true).encode());
  }

  private void redirect(RoutingContext context) {
    MasterInfo info = leader.leader();
    if (info == null) {
      HttpErrors.send(context, 503, "No leading master is known");
      return;
    }
    context.response().setStatusCode(307).putHeader("Location", url(info) + "/").end();
  }

  /** The base URL of a master's HTTP API. */
  public static String url(MasterInfo info) {
    return "http://" + info.getHostname() + ":" + info.getPort();
  }
}
