package io.mezzo.master.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.http.HttpServers;
import io.mezzo.master.http.LeaderView;
import io.mezzo.metrics.MasterMetrics;
import io.mezzo.state.MasterRoster;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestLeaders;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's pages and push feed, served by a live in-JVM master. */
@ExtendWith(VertxExtension.class)
class DashboardEndpointsTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  static String base(LocalCluster cluster) {
    return "http://" + LocalCluster.HOST + ":" + cluster.master().httpPort();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The dashboard alone on a server of its own, with a leadership the test controls. */
  static HttpServer dashboard(Vertx vertx, AtomicBoolean leading, int maxStreams) {
    LeaderView leader = TestLeaders.leadingWhile(leading::get);
    return Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0,
        List.of(new DashboardEndpoints(vertx, leader, MasterRoster.of(vertx),
            new MasterMetrics(() -> -1, () -> Future.failedFuture("not leading")), maxStreams))));
  }

  @Test
  void thePagesAreServedWithAStrictPolicy(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      HttpResponse<String> index = get(base(cluster) + "/");
      assertEquals(200, index.statusCode());
      assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), index.headers().toString());
      assertTrue(index.body().contains("js/app.js"));
      assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
      HttpResponse<String> script = get(base(cluster) + "/js/app.js");
      assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), script.headers().toString());
      // The pages never shadow the APIs, and what is neither is a JSON 404.
      assertTrue(get(base(cluster) + "/master/state").body().contains("\"slaves\""));
      HttpResponse<String> missing = get(base(cluster) + "/js/no-such-script.js");
      assertEquals(404, missing.statusCode());
      assertEquals(404, new JsonObject(missing.body()).getInteger("status"));
      assertEquals(405, get(base(cluster) + "/api/v1").statusCode(), "a POST endpoint still refuses a GET");
    }
  }

  @Test
  void aBrowserGetsASnapshotThenOnlyChanges(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;disk:1024");
        SseReader stream = SseReader.open(base(cluster) + DashboardEndpoints.STREAM_PATH)) {
      assertEquals(200, stream.status);
      JsonObject snapshot = stream.next(e -> e.name().equals("snapshot"), WAIT).data();
      JsonArray agents = snapshot.getJsonArray("agents");
      assertEquals(cluster.agent(0).agentId(), agents.getJsonObject(0).getString("id"));
      assertEquals(2.0, snapshot.getJsonObject("metrics").getDouble("master/cpus_total"));
      assertEquals(cluster.master().epoch(), snapshot.getJsonObject("master").getLong("epoch"));
      assertTrue(snapshot.getJsonArray("masters").getJsonObject(0).getBoolean("leader"));

      TestFramework framework = new TestFramework(vertx, "watched");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(TestFramework.task("pushed", offer, "sleep 30", "cpus:0.5;mem:64")), 0);
      // The task's row and its framework's count change, in one update or several.
      AtomicBoolean taskRunning = new AtomicBoolean();
      AtomicBoolean frameworkCounted = new AtomicBoolean();
      stream.next(e -> {
        if (!e.name().equals("update")) {
          return false;
        }
        List<JsonObject> tasks = rows(e.data(), "tasks");
        assertTrue(tasks.size() <= 1, "only the task that changed: " + e.data());
        taskRunning.compareAndSet(false, tasks.stream()
            .anyMatch(t -> "pushed".equals(t.getString("id")) && "TASK_RUNNING".equals(t.getString("state"))));
        frameworkCounted.compareAndSet(false, rows(e.data(), "frameworks").stream()
            .anyMatch(f -> "watched".equals(f.getString("name")) && f.getInteger("TASK_RUNNING") == 1));
        return taskRunning.get() && frameworkCounted.get();
      }, WAIT);
    }
  }

  static List<JsonObject> rows(JsonObject update, String collection) {
    JsonObject change = update.getJsonObject(collection);
    return change == null ? List.of() : change.getJsonArray("upsert").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void streamsEndWhenTheMasterStopsLeading(Vertx vertx, @TempDir Path dir) throws Exception {
    AtomicBoolean leading = new AtomicBoolean(true);
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      HttpServer server = dashboard(vertx, leading, 4);
      try (SseReader stream = SseReader.open("http://" + LocalCluster.HOST + ":" + server.actualPort() + DashboardEndpoints.STREAM_PATH)) {
        stream.next(e -> e.name().equals("snapshot"), WAIT);
        leading.set(false);
        // The browser reconnects, and a standby sends it on to the new leader.
        assertEquals(SseReader.END, stream.next(e -> e == SseReader.END, Duration.ofSeconds(5)));
      }
    }
  }

  @Test
  void aMasterServesABoundedNumberOfStreams(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      HttpServer server = dashboard(vertx, new AtomicBoolean(true), 1);
      String url = "http://" + LocalCluster.HOST + ":" + server.actualPort() + DashboardEndpoints.STREAM_PATH;
      try (SseReader first = SseReader.open(url)) {
        first.next(e -> e.name().equals("snapshot"), WAIT);
        HttpResponse<String> second = get(url);
        assertEquals(503, second.statusCode());
        assertTrue(new JsonObject(second.body()).getString("error").contains("dashboards"), second.body());
      }
      // Once a browser leaves, the next one is served.
      Await.until("a free place", WAIT, () -> {
        try (SseReader again = SseReader.open(url)) {
          return again.status == 200;
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  @Test
  void theCapCountsStreamsWhoseSnapshotIsBeingBuilt(Vertx vertx) throws Exception {
    // A leader that holds every call: the first streams stay in their snapshot while the rest arrive.
    List<Message<Object>> held = new CopyOnWriteArrayList<>();
    MessageConsumer<Object> slowLeader = vertx.eventBus().consumer(Addresses.MASTER, held::add);
    Await.result(slowLeader.completion());
    int cap = 5;
    HttpServer server = dashboard(vertx, new AtomicBoolean(true), cap);
    String url = "http://" + LocalCluster.HOST + ":" + server.actualPort() + DashboardEndpoints.STREAM_PATH;
    List<SseReader> admitted = new ArrayList<>();
    io.vertx.core.http.HttpClient http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(100));
    try {
      for (int i = 0; i < cap; i++) {
        admitted.add(SseReader.open(url));
        assertEquals(200, admitted.get(i).status);
      }
      Await.until("the snapshot is being built", WAIT, () -> !held.isEmpty());

      int late = 60;
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < late; i++) {
        statuses.add(http.request(HttpMethod.GET, server.actualPort(), LocalCluster.HOST, DashboardEndpoints.STREAM_PATH)
            .compose(HttpClientRequest::send)
            // A stream let in would never end: its status is all there is to wait for.
            .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(200) : r.body().map(body -> r.statusCode())));
      }
      Await.result(Future.all(statuses));
      assertEquals(List.of(503), statuses.stream().map(Future::result).distinct().toList(),
          "every stream beyond the cap is refused, even while the admitted ones wait for their snapshot");
    } finally {
      held.forEach(message -> message.fail(503, "the test is over"));
      for (SseReader reader : admitted) {
        reader.close();
      }
      Await.result(http.close());
      Await.result(server.close());
      Await.result(slowLeader.unregister());
    }
  }
}
