package io.mezzo.master.http;

import io.mezzo.http.Endpoints;
import io.mezzo.master.http.dashboard.DashboardEndpoints;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.metrics.PrometheusEndpoint;
import io.mezzo.state.MasterRoster;
import io.vertx.core.Vertx;
import java.util.List;

/** Every endpoint group a master node serves on its HTTP port, in the order they are tried. */
public final class MasterEndpoints {
  private MasterEndpoints() {}

  public static List<Endpoints> all(Vertx vertx, LeaderView leader, MasterRoster roster, NodeMeters meters) {
    return List.of(new LeaderGate(leader), new HealthEndpoints(leader), new StateEndpoints(vertx, leader, meters),
        new PrometheusEndpoint(vertx, meters), new OperatorEndpoints(vertx, leader, meters), new SchedulerEndpoints(vertx, leader),
        new MasterFilesEndpoints(vertx), new DashboardEndpoints(vertx, leader, roster, meters));
  }
}
