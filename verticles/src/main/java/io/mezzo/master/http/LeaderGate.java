package io.mezzo.master.http;

import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpErrors;
import io.mezzo.v1.MasterInfo;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Lets requests through to the APIs only on the leader. A standby answers every request
 * with a 307 to the same path on the leader (clients and browsers follow it, keeping the
 * method and body), or a 503 while no leader is known.
 */
public final class LeaderGate implements Endpoints {
  /** What a standby answers itself, as Mesos's do: its health, the redirect, its own metrics. */
  static final Set<String> SERVED_BY_STANDBYS =
      Set.of("/master/health", "/master/redirect", "/metrics/snapshot", "/metrics", "/health", "/version", "/redirect");

  private final LeaderView leader;

  public LeaderGate(LeaderView leader) {
    this.leader = leader;
  }

  @Override
  public void mount(Router router) {
    router.route().handler(this::gate);
  }

  private void gate(RoutingContext context) {
    String path = context.request().path();
    if (leader.leading() || SERVED_BY_STANDBYS.contains(path)) {
      context.next();
      return;
    }
    MasterInfo info = leader.leader();
    if (info == null) {
      HttpErrors.send(context, 503, "No leading master is known yet; try again shortly");
      return;
    }
    context.response().setStatusCode(307).putHeader("Location", HealthEndpoints.url(info) + context.request().uri()).end();
  }
}
