package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.client.SchedulerClient;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of the DRF paper, end to end: on 9 CPU / 18 GB, a framework whose tasks need
 * &lt;1 CPU, 4 GB&gt; and one whose tasks need &lt;3 CPU, 1 GB&gt; end with three and two tasks, and
 * equal dominant shares of 2/3.
 */
@ExtendWith(VertxExtension.class)
class DrfEndToEndTest {

  /** A framework that launches one task of its shape per offer it can use and declines the rest. */
  static final class Greedy {
    final SchedulerClient client;
    final AtomicInteger launched = new AtomicInteger();
    final Resources shape;
    final String name;

    Greedy(Vertx vertx, String name, String shape) {
      this.client = SchedulerClient.create(vertx);
      this.shape = Resources.parse(shape);
      this.name = name;
    }

    void subscribe() {
      Await.result(client.subscribe(FrameworkInfo.newBuilder().setUser("tester").setName(name).build(), this::onEvent));
    }

    private void onEvent(Event event) {
      if (event.getType() == Event.Type.UPDATE) {
        client.acknowledge(event.getUpdate().getStatus());
      }
      if (event.getType() != Event.Type.OFFERS) {
        return;
      }
      for (Offer offer : event.getOffers().getOffersList()) {
        if (Resources.fromProto(offer.getResourcesList()).contains(shape)) {
          String id = name + "-" + launched.incrementAndGet();
          client.launch(List.of(offer.getId()),
              List.of(TestFramework.task(id, offer, "sleep 600", shape.toString())),
              Filters.newBuilder().setRefuseSeconds(0).build());
        } else {
          client.decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(0.5).build());
        }
      }
    }
  }

  @Test
  void frameworksWithDifferentDemandsEndWithEqualDominantShares(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:9;mem:18432")) {
      Greedy a = new Greedy(vertx, "a", "cpus:1;mem:4096");
      Greedy b = new Greedy(vertx, "b", "cpus:3;mem:1024");
      a.subscribe();
      b.subscribe();

      Await.until("a runs 3 tasks and b 2", Duration.ofSeconds(60), () -> running(cluster, "a") == 3 && running(cluster, "b") == 2);
      // Nothing more fits (0 CPU and 4 GB are left), so the split stays.
      sleep(Duration.ofSeconds(2));
      assertEquals(3, a.launched.get());
      assertEquals(2, b.launched.get());

      Resources total = cluster.totalResources();
      double shareA = dominantShare(cluster, "a", total);
      double shareB = dominantShare(cluster, "b", total);
      assertEquals(2.0 / 3, shareA, 1e-9);
      assertEquals(shareA, shareB, 1e-9);
      Await.result(a.client.teardown());
      Await.result(b.client.teardown());
    }
  }

  private static int running(LocalCluster cluster, String framework) {
    return (int) cluster.state().getGetTasks().getTasksList().stream()
        .filter(t -> t.getName().startsWith(framework + "-") && t.getState() == TaskState.TASK_RUNNING)
        .count();
  }

  private static double dominantShare(LocalCluster cluster, String name, Resources total) {
    Response.GetFrameworks.Framework framework = cluster.state().getGetFrameworks().getFrameworksList().stream()
        .filter(f -> f.getFrameworkInfo().getName().equals(name))
        .findFirst()
        .orElseThrow();
    Resources used = Resources.fromProto(framework.getAllocatedResourcesList());
    return Math.max(used.scalar("cpus") / total.scalar("cpus"), used.scalar("mem") / total.scalar("mem"));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
