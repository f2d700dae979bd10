package io.mezzo.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;

/**
 * A node's own meters ({@code mezzo_<room>_*}), in a registry of the node's own: several
 * nodes may share one JVM and one Vert.x (tests, {@code mezzo local}) without mixing.
 */
public interface NodeMeters {
  /** The node's registry. */
  PrometheusMeterRegistry registry();

  /**
   * Brings the gauges up to date with the node's state; completes once reading the
   * registry shows the node as it is now. Never fails: gauges show zeros when the state
   * cannot be had (a master that does not lead).
   */
  Future<Void> refresh();
}
