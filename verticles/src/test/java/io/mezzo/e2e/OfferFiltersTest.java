package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** Declines with refuse_seconds keep an agent's resources from a framework until they expire; revive clears them. */
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

  @Test
  void anotherFrameworkGetsTheDeclinedResources(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework first = new TestFramework(vertx, "first");
      first.subscribe();
      Offer offer = first.nextOffer(WAIT);
      TestFramework second = new TestFramework(vertx, "second");
      second.subscribe();
      Await.result(first.client().decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(3600).build()));
      assertNotNull(second.nextOffer(WAIT), "the other framework is offered the declined agent");
      assertNull(first.pollOffer(Duration.ofSeconds(1)), "the decliner is not");
    }
  }

  @Test
  void reviveClearsTheFilter(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "reviver");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Await.result(framework.client().decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(3600).build()));
      assertNull(framework.pollOffer(Duration.ofSeconds(1)), "filtered for an hour");
      Await.result(framework.client().revive());
      assertNotNull(framework.nextOffer(Duration.ofSeconds(10)), "offered again at once after revive");
    }
  }

  @Test
  void suppressStopsOffersUntilRevive(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "suppressor");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Await.result(framework.client().suppress());
      Await.result(framework.client().decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(0).build()));
      assertNull(framework.pollOffer(Duration.ofSeconds(1)), "no offers while suppressed");
      Await.result(framework.client().revive());
      assertNotNull(framework.nextOffer(Duration.ofSeconds(10)));
    }
  }
}
