package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decline with refuse_seconds keeps an agent's resources from the framework until the filter
 * expires, in real time through the real master and allocator. How filters, suppress and revive
 * behave the allocator's harness tests show, and that they reach the allocator the master's.
 */
@ExtendWith(VertxExtension.class)
class OfferFiltersTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void declinedResourcesStayAwayUntilTheFilterExpires(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "decliner");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      long declinedAt = System.nanoTime();
      Await.result(framework.client().decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(2).build()));

      Offer next = framework.nextOffer(WAIT);
      double waited = (System.nanoTime() - declinedAt) / 1e9;
      assertTrue(waited >= 2.0, "offered again after " + waited + " s, before the 2 s filter expired");
      assertTrue(next.getAgentId().equals(offer.getAgentId()));
    }
  }
}
