package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.metrics.PrometheusEndpoint;
import io.mezzo.metrics.RuntimeMetrics;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.Http;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.PrometheusText;
import io.mezzo.testing.SimulatedAgents;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of masters and agents, on a Vert.x that measures itself as a node's does:
 * the figures move as tasks run, {@code /metrics/snapshot} says the same, and no series is
 * named after a task, agent or framework.
 */
class MetricsEndpointsTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String RUNNING = "mezzo_master_tasks{state=\"running\"}";

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = RuntimeMetrics.builder(new VertxOptions()).build();
  }

  @AfterEach
  void closeVertx() {
    Await.result(vertx.close());
  }

  static PrometheusText scrape(Http http) {
    Http.Reply reply = http.get(PrometheusEndpoint.PATH);
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(PrometheusEndpoint.CONTENT_TYPE, reply.contentType());
    return PrometheusText.parse(reply.text());
  }

  @Test
  void figuresMoveAsATaskRunsAndTheSnapshotSaysTheSame(@TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;disk:1000")) {
      Http master = new Http(cluster.master().httpPort());
      Http agent = new Http(cluster.agent(0).httpPort());
      PrometheusText idle = scrape(master);
      assertEquals(1.0, idle.value("mezzo_leader_elected"));
      assertEquals(cluster.master().epoch(), (long) idle.value("mezzo_leader_epoch"));
      assertEquals(1.0, idle.value("mezzo_leader_elections_total"));
      assertEquals(1.0, idle.value("mezzo_master_agents{state=\"registered\"}"));
      assertEquals(2.0, idle.value("mezzo_master_resources{resource=\"cpus\",state=\"total\"}"));
      assertEquals(0.0, idle.value(RUNNING));
      assertEquals(0.0, idle.value("mezzo_master_launch_latency_seconds_count"));
      assertTrue(idle.value("mezzo_allocator_cycle_seconds_count") > 0, "the allocator runs every 100 ms");
      assertTrue(idle.hasFamily("jvm_memory_used_bytes"), "the JVM's metrics");
      assertTrue(idle.hasFamily("vertx_eventbus_handlers"), "Vert.x's event-bus metrics");

      TestFramework framework = new TestFramework(vertx, "metered").autoAcknowledge(false);
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      Path go = dir.resolve("go");
      framework.launch(offer, List.of(TestFramework.task("gated", offer,
          "while [ ! -e '" + go + "' ]; do sleep 0.05; done", "cpus:0.5;mem:128")), 60);
      TaskStatus running = framework.awaitState("gated", TaskState.TASK_RUNNING, WAIT);

      // Unacknowledged, the update stays pending at the agent, which resends it.
      Await.until("the agent resent the update", WAIT,
          () -> scrape(agent).value("mezzo_agent_status_updates_retried_total") >= 1);
      PrometheusText onAgent = scrape(agent);
      assertEquals(1.0, onAgent.value("mezzo_agent_registered"));
      assertEquals(1.0, onAgent.value("mezzo_agent_status_updates_pending"));
      assertEquals(1.0, onAgent.value("mezzo_agent_tasks{state=\"running\"}"));
      assertEquals(1.0, onAgent.value("mezzo_agent_tasks_launched_total"));
      assertTrue(onAgent.hasFamily("jvm_memory_used_bytes"), "an agent reports the JVM too");
      Await.result(framework.client().acknowledge(running));
      Await.until("the update acknowledged", WAIT, () -> scrape(agent).value("mezzo_agent_status_updates_pending") == 0);

      PrometheusText busy = scrape(master);
      assertEquals(1.0, busy.value(RUNNING));
      assertEquals(1.0, busy.value("mezzo_master_launch_latency_seconds_count"));
      assertTrue(busy.value("mezzo_master_launch_latency_seconds_sum") > 0);
      assertEquals(0.5, busy.value("mezzo_master_resources{resource=\"cpus\",state=\"used\"}"));
      assertEquals(128.0, busy.value("mezzo_master_resources{resource=\"mem\",state=\"used\"}"));
      assertEquals(1.0, busy.value("mezzo_master_frameworks{state=\"connected\"}"));
      assertEquals(1.0, busy.value("mezzo_master_offers_accepted_total"));
      JsonObject snapshot = master.get("/metrics/snapshot").json();
      assertEquals(1, snapshot.getInteger("master/tasks_running"));
      assertEquals(0.5, snapshot.getDouble("master/cpus_used"));
      assertEquals(1, snapshot.getInteger("master/task_launches_measured"));
      assertEquals(busy.value("mezzo_master_offers_accepted_total"), snapshot.getDouble("master/offers_accepted"));

      Files.createFile(go);
      TaskStatus finished = framework.awaitState("gated", TaskState.TASK_FINISHED, WAIT);
      Await.result(framework.client().acknowledge(finished));
      Await.until("the finished task counted", WAIT, () -> {
        PrometheusText after = scrape(master);
        return after.value(RUNNING) == 0 && after.value("mezzo_master_tasks_ended_total{state=\"finished\"}") == 1;
      });
      assertEquals(1, master.get("/metrics/snapshot").json().getInteger("master/tasks_finished"));
      Await.until("the agent counted it", WAIT,
          () -> scrape(agent).value("mezzo_agent_tasks_ended_total{state=\"finished\"}") == 1);
    }
  }

  @Test
  void refusedCallsAreCountedByApiAndReason(@TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http master = new Http(cluster.master().httpPort());
      TestFramework framework = new TestFramework(vertx, "clumsy");
      framework.subscribe();
      Filters filters = Filters.getDefaultInstance();
      Throwable unknown = Await.failure(framework.client().launch(
          List.of(OfferID.newBuilder().setValue("no-such-offer").build()), List.of(), filters));
      assertEquals(Failure.NOT_FOUND, Failure.of(unknown));
      Throwable empty = Await.failure(framework.client().launch(List.of(), List.of(), filters));
      assertEquals(Failure.BAD_REQUEST, Failure.of(empty));

      PrometheusText text = scrape(master);
      assertEquals(1.0, text.value("mezzo_master_calls_rejected_total{api=\"scheduler\",reason=\"not_found\"}"));
      assertEquals(1.0, text.value("mezzo_master_calls_rejected_total{api=\"scheduler\",reason=\"bad_request\"}"));
      assertEquals(1, master.get("/metrics/snapshot").json().getInteger("master/invalid_calls"));
    }
  }

  @Test
  void seriesStayTheSameWithAThousandDistinctTaskIds(@TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir)) {
      SimulatedAgents agents = new SimulatedAgents("bounded", 5, "cpus:8;mem:8192");
      Await.result(vertx.deployVerticle(agents));
      Http master = new Http(cluster.master().httpPort());
      TestFramework framework = new TestFramework(vertx, "many-ids");
      String frameworkId = framework.subscribe().getValue();

      launchAndFinish(framework, 0, 10);
      // A scrape's own request is counted once it is answered: the second one shows the first.
      scrape(master);
      Set<String> before = boundedSeries(scrape(master));
      launchAndFinish(framework, 10, 1_000);
      PrometheusText after = scrape(master);

      assertEquals(1_000.0, after.value("mezzo_master_tasks_ended_total{state=\"finished\"}"));
      assertEquals(1_000.0, after.value("mezzo_master_launch_latency_seconds_count"));
      assertEquals(before, boundedSeries(after), "1,000 task IDs later, Mezzo's and Vert.x's series are the same");
      List<String> ids = new ArrayList<>(agents.agentIds());
      ids.add(frameworkId);
      ids.add("task-");
      for (String series : after.series()) {
        for (String id : ids) {
          assertTrue(!series.contains(id), series + " names " + id);
        }
      }
      Set<String> addresses = after.series().stream().filter(series -> series.contains("address=\""))
          .map(series -> series.replaceAll(".*address=\"([^\"]*)\".*", "$1")).collect(Collectors.toCollection(TreeSet::new));
      assertTrue(addresses.contains("mezzo.agent.*") && addresses.contains("mezzo.scheduler.*"),
          "addresses with IDs are folded: " + addresses);
    }
  }

  /** Mezzo's and Vert.x's series; the JVM's may change as the collector runs (a first major GC). */
  private static Set<String> boundedSeries(PrometheusText text) {
    return text.series().stream().filter(series -> series.startsWith("mezzo_") || series.startsWith("vertx_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Launches tasks {@code task-<from>} to {@code task-<to - 1>} and waits until every one finished. */
  private static void launchAndFinish(TestFramework framework, int from, int to) {
    Resources each = Resources.parse("cpus:0.1;mem:32");
    int next = from;
    long deadline = System.nanoTime() + WAIT.multipliedBy(2).toNanos();
    while (next < to) {
      assertTrue(System.nanoTime() < deadline, "launched only up to task-" + next);
      Offer offer = framework.nextOffer(WAIT);
      Resources available = Resources.fromProto(offer.getResourcesList());
      List<TaskInfo> tasks = new ArrayList<>();
      while (next < to && available.contains(each)) {
        tasks.add(TestFramework.task("task-" + next++, offer, "true", "cpus:0.1;mem:32"));
        available = available.minus(each);
      }
      framework.launch(offer, tasks, 0);
    }
    int last = to - 1;
    Await.until("task-" + last + " and all before it finished", WAIT, () -> {
      for (int i = from; i < to; i++) {
        if (framework.latestState("task-" + i) != TaskState.TASK_FINISHED) {
          return false;
        }
      }
      return true;
    });
  }
}
