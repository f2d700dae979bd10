package io.mezzo.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.List;
import java.util.UUID;

/**
 * Vert.x's own metrics (HTTP servers and clients, the event bus, worker pools) and the JVM's,
 * in a Prometheus registry that belongs to one Vert.x instance. Node meters
 * ({@link NodeMeters}) live apart, one registry per node, so that two nodes of one Vert.x
 * (a master and an agent in {@code mezzo local}) each report their own.
 */
public final class RuntimeMetrics {
  /**
   * Event-bus addresses that carry an ID are folded into one tag value each, so that the
   * {@code address} tag stays bounded however many agents and schedulers come and go;
   * anything outside Mezzo's addresses becomes {@code other}. Applied in this order.
   */
  static final List<Match> ADDRESS_MATCHES = List.of(
      fold("mezzo\\.agent\\..+", "mezzo.agent.*"),
      fold("mezzo\\.scheduler\\..+", "mezzo.scheduler.*"),
      fold("mezzo\\.operator\\..+", "mezzo.operator.*"),
      fold("mezzo\\.executor\\..+", "mezzo.executor.*"),
      fold("(?!mezzo\\.).*", "other"));

  private RuntimeMetrics() {}

  /**
   * A Vert.x builder with {@code options} whose instance measures itself into a registry of
   * its own, read back with {@link #of(Vertx)}.
   */
  public static VertxBuilder builder(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Vert.x keeps backends in a static map by registry name and would hand every
        // instance of a JVM the first one's registry: a name per instance keeps them apart.
        .setRegistryName("mezzo-" + UUID.randomUUID())
        .addLabels(Label.EB_ADDRESS)
        .setLabelMatches(ADDRESS_MATCHES);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return Vertx.builder()
        .with(new VertxOptions(options).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** The registry of a Vert.x built by {@link #builder}, or null for one without metrics. */
  public static PrometheusMeterRegistry of(Vertx vertx) {
    // Vert.x offers no public way back from an instance to its registry; its SPI does.
    if (vertx instanceof VertxInternal internal
        && internal.metrics() instanceof MicrometerMetrics metrics
        && metrics.registry() instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    return null;
  }

  private static Match fold(String regex, String alias) {
    return new Match()
        .setDomain(MetricsDomain.EVENT_BUS)
        .setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX)
        .setValue(regex)
        .setAlias(alias);
  }
}
