package io.mezzo.master.http;

import io.mezzo.master.http.LeaderCalls.Answer;
import io.mezzo.http.Endpoints;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.v1.master.Call;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The master's state in Apache Mesos's JSON: {@code /master/state},
 * {@code /master/state-summary}, {@code /master/tasks}, {@code /roles} and {@code /metrics/snapshot}
 * (the {@code .json} spellings Mesos also answers work too). Served by the leader; a
 * standby redirects to it.
 */
public final class StateEndpoints implements Endpoints {
  private final LeaderCalls leader;
  private final LeaderView view;
  private final NodeMeters meters;

  /** @param meters the node's meters, which {@code /metrics/snapshot} reports */
  public StateEndpoints(Vertx vertx, LeaderView view, NodeMeters meters) {
    this.leader = new LeaderCalls(vertx);
    this.view = view;
    this.meters = meters;
  }

  @Override
  public void mount(Router router) {
    router.get("/master/state").handler(this::state);
    router.get("/master/state.json").handler(this::state);
    router.get("/master/state-summary").handler(this::summary);
    router.get("/master/tasks").handler(this::tasks);
    router.get("/master/tasks.json").handler(this::tasks);
    router.get("/roles").handler(this::roles);
    router.get("/roles.json").handler(this::roles);
    router.get("/metrics/snapshot").handler(this::metrics);
  }

  private void state(RoutingContext context) {
    LeaderCalls.sendJson(context, stateAndMaster().compose(answers -> leader.onWorker(() ->
        StateJson.state(answers.state().response().getGetState(), answers.master().response().getGetMaster(),
            answers.state().epoch()).toBuffer())));
  }

  private void summary(RoutingContext context) {
    LeaderCalls.sendJson(context, stateAndMaster().compose(answers -> leader.onWorker(() ->
        StateJson.summary(answers.state().response().getGetState(), answers.master().response().getGetMaster(),
            answers.state().epoch()).toBuffer())));
  }

  private void tasks(RoutingContext context) {
    // A bad query is refused before the leader is asked anything.
    TaskQuery query = TaskQuery.parse(context.queryParams());
    LeaderCalls.sendJson(context, leader.call(Call.Type.GET_TASKS).compose(answer -> leader.onWorker(() ->
        query.apply(answer.response().getGetTasks()).toBuffer())));
  }

  private void roles(RoutingContext context) {
    LeaderCalls.sendJson(context, leader.call(RolesJson.CALL).compose(answer -> leader.onWorker(() ->
        RolesJson.roles(answer.response().getGetRoles()).toBuffer())));
  }

  private void metrics(RoutingContext context) {
    if (!view.leading()) {
      // Like a Mesos standby, which reports its own metrics rather than redirecting.
      LeaderCalls.sendJson(context, Future.succeededFuture(MetricsSnapshot.standby().toBuffer()));
      return;
    }
    // The same meters as /metrics, read right after the gauges are brought up to date.
    LeaderCalls.sendJson(context, meters.refresh().map(v -> MetricsSnapshot.leader(meters.registry()).toBuffer()));
  }

  private record StateAndMaster(Answer state, Answer master) {}

  private Future<StateAndMaster> stateAndMaster() {
    Future<Answer> state = leader.call(Call.Type.GET_STATE);
    Future<Answer> master = leader.call(Call.Type.GET_MASTER);
    return Future.all(state, master).map(all -> new StateAndMaster(state.result(), master.result()));
  }
}
