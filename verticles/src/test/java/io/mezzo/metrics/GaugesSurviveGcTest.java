package io.mezzo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.vertx.core.Future;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Micrometer holds a gauge's state object weakly: a gauge over an object only the gauge
 * holds reads NaN once the garbage collector has run, and a "no leader" alert would fire on
 * a healthy cluster. Every node gauge must still read a number after a few collections.
 */
class GaugesSurviveGcTest {
  @Test
  void masterGaugesReadNumbersAfterGc() {
    long epoch = 7;
    // A capturing lambda, a new object as MasterNode's this::epoch is: only the meters hold it.
    MasterMetrics metrics = new MasterMetrics(() -> epoch, () -> Future.succeededFuture(MasterFigures.NONE));
    assertTrue(metrics.refresh().succeeded());
    collectGarbage();
    assertAllGaugesAreNumbers(metrics.registry());
    assertEquals(1, metrics.registry().get(MasterMetrics.ELECTED).gauge().value());
    assertEquals(7, metrics.registry().get(MasterMetrics.EPOCH).gauge().value());
  }

  @Test
  void agentGaugesReadNumbersAfterGc() {
    AgentMetrics metrics = new AgentMetrics(() -> AgentFigures.NONE);
    assertTrue(metrics.refresh().succeeded());
    collectGarbage();
    assertAllGaugesAreNumbers(metrics.registry());
  }

  private static void assertAllGaugesAreNumbers(MeterRegistry registry) {
    int gauges = 0;
    for (Meter meter : registry.getMeters()) {
      double value = meter instanceof TimeGauge time ? time.value(TimeUnit.MILLISECONDS)
          : meter instanceof Gauge gauge ? gauge.value() : 0;
      gauges += meter instanceof Gauge || meter instanceof TimeGauge ? 1 : 0;
      assertFalse(Double.isNaN(value), meter.getId() + " reads NaN after a GC");
    }
    assertTrue(gauges > 0, "no gauges found");
  }

  /** Runs the collector until an object held only weakly is gone (at most 20 rounds). */
  private static void collectGarbage() {
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    for (int i = 0; i < 20 && sentinel.get() != null; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertTrue(sentinel.get() == null, "the garbage collector did not run");
    System.gc();
  }
}
