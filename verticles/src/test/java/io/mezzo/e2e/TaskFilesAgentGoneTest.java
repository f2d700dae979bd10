package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The master's files API when the agent holding a sandbox is down: a clear error, and still the task's state. */
@ExtendWith(VertxExtension.class)
class TaskFilesAgentGoneTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aDownAgentGivesBadGatewayThenUnavailable(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "gone");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("lonely", offer, "echo hi", "cpus:0.1;mem:16")), 0);
      framework.awaitState("lonely", TaskState.TASK_FINISHED, WAIT);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest read = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + cluster.master().httpPort() + "/files/read?task_id=lonely&path=stdout"))
          .timeout(Duration.ofSeconds(20)).build();
      assertEquals(200, http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode());
      String agentId = cluster.agent(0).agentId();

      cluster.stopAgent(0);

      HttpResponse<String> down = http.send(read, HttpResponse.BodyHandlers.ofString());
      assertTrue(Set.of(502, 503).contains(down.statusCode()), down.statusCode() + " " + down.body());
      assertTrue(new JsonObject(down.body()).getString("error").contains(agentId), down.body());
      assertEquals("TASK_FINISHED", down.headers().firstValue("X-Mezzo-Task-State").orElse(null));
      Await.until("the master to call the agent unreachable", WAIT, () -> {
        try {
          return http.send(read, HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }
  }
}
