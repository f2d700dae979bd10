package io.mezzo.metrics;

import io.mezzo.http.Endpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code GET /metrics}: a node's meters, then its Vert.x's and JVM's, in Prometheus's text
 * format. The node's gauges are refreshed first, so a scrape always shows the state of now.
 */
public final class PrometheusEndpoint implements Endpoints {
  public static final String PATH = "/metrics";
  /** Prometheus's text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeMeters node;
  private final PrometheusMeterRegistry runtime;

  public PrometheusEndpoint(Vertx vertx, NodeMeters node) {
    this.node = Objects.requireNonNull(node, "node");
    this.runtime = RuntimeMetrics.of(vertx);
  }

  @Override
  public void mount(Router router) {
    router.get(PATH).handler(this::scrape);
  }

  private void scrape(RoutingContext context) {
    node.refresh().onComplete(refreshed -> {
      // The families of the two registries never overlap: mezzo_* here, vertx_* and jvm_* there.
      String text = runtime == null ? node.registry().scrape() : node.registry().scrape() + runtime.scrape();
      context.response().putHeader("Content-Type", CONTENT_TYPE).end(text);
    });
  }
}
