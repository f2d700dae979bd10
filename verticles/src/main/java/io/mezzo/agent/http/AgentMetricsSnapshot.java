package io.mezzo.agent.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mezzo.http.Endpoints;
import io.mezzo.metrics.AgentMetrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code GET /metrics/snapshot} on an agent: Mesos's flat {@code {"slave/name": number}} map
 * (what Mesos tools read from an agent), from the same meters as its {@code /metrics}.
 */
final class AgentMetricsSnapshot implements Endpoints {
  /** The tag AgentMetrics puts the task state in. */
  private static final String STATE = "state";

  private final AgentMetrics metrics;

  AgentMetricsSnapshot(AgentMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void mount(Router router) {
    router.get("/metrics/snapshot").handler(this::snapshot);
  }

  private void snapshot(RoutingContext context) {
    metrics.refresh().onComplete(refreshed -> context.response()
        .putHeader("Content-Type", "application/json").end(of(metrics.registry()).encode()));
  }

  /** The snapshot of a refreshed agent registry. */
  static JsonObject of(MeterRegistry registry) {
    JsonObject json = new JsonObject();
    Gauge registered = registry.find(AgentMetrics.REGISTERED).gauge();
    json.put("slave/registered", registered == null ? 0 : Math.round(registered.value()));
    // Tasks that have not ended are counts of now; ended ones count every task since the start, as in Mesos.
    for (Gauge tasks : registry.find(AgentMetrics.TASKS).gauges()) {
      json.put("slave/tasks_" + tasks.getId().getTag(STATE), Math.round(tasks.value()));
    }
    for (Counter ended : registry.find(AgentMetrics.TASKS_ENDED).counters()) {
      json.put("slave/tasks_" + ended.getId().getTag(STATE), Math.round(ended.count()));
    }
    Counter sent = registry.find(AgentMetrics.UPDATES_SENT).counter();
    json.put("slave/valid_status_updates", sent == null ? 0 : Math.round(sent.count()));
    return json;
  }
}
