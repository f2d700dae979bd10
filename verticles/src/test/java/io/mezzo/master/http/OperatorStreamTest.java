package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.http.HttpServers;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.metrics.MasterMetrics;
import io.mezzo.testing.Await;
import io.mezzo.testing.HttpOperatorStream;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestLeaders;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Event;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator API's SUBSCRIBE over HTTP: the state, then every change, in JSON and protobuf; bounded; ended with the term. */
@ExtendWith(VertxExtension.class)
class OperatorStreamTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Launches {@code command} as task {@code taskId} and waits until it reaches {@code state}. */
  private static FrameworkID launch(Vertx vertx, String taskId, String command, TaskState state) {
    TestFramework framework = new TestFramework(vertx, "watched");
    FrameworkID id = framework.subscribe();
    Offer offer = framework.nextOffer(WAIT);
    framework.launch(offer, List.of(TestFramework.task(taskId, offer, command, "cpus:0.1;mem:32")), 60);
    framework.awaitState(taskId, state, WAIT);
    return id;
  }

  private static boolean isTask(Event event, String taskId) {
    return event.getType() == Event.Type.TASK_ADDED && event.getTaskAdded().getTask().getTaskId().getValue().equals(taskId);
  }

  private static boolean isUpdate(Event event, String taskId, TaskState state) {
    return event.getType() == Event.Type.TASK_UPDATED
        && event.getTaskUpdated().getStatus().getTaskId().getValue().equals(taskId)
        && event.getTaskUpdated().getState() == state;
  }

  @Test
  void aJsonStreamSeesTheStateThenALaunchedTaskAndHeartbeats(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
        HttpOperatorStream operator = HttpOperatorStream.subscribe(vertx, cluster.master().httpPort(), ProtoMediaType.JSON)) {
      assertEquals(200, operator.status());
      assertEquals("application/json", operator.headers().get("Content-Type"));
      assertNull(operator.headers().get("Mesos-Stream-Id"), "operator streams have no ID to give back");
      Event.Subscribed subscribed = operator.subscribed().getSubscribed();
      assertEquals(Event.Type.SUBSCRIBED, operator.subscribed().getType());
      assertEquals(cluster.agent(0).agentId(),
          subscribed.getGetState().getGetAgents().getAgents(0).getAgentInfo().getId().getValue());
      assertEquals(0.5, subscribed.getHeartbeatIntervalSeconds(), "the fast test master's heartbeat interval");

      FrameworkID framework = launch(vertx, "watched-1", "sleep 600", TaskState.TASK_RUNNING);

      Event added = operator.next(event -> event.getType() == Event.Type.FRAMEWORK_ADDED, WAIT);
      assertEquals(framework, added.getFrameworkAdded().getFramework().getFrameworkInfo().getId());
      Event task = operator.next(event -> isTask(event, "watched-1"), WAIT);
      assertEquals(framework, task.getTaskAdded().getTask().getFrameworkId());
      Event running = operator.next(event -> isUpdate(event, "watched-1", TaskState.TASK_RUNNING), WAIT);
      assertEquals(framework, running.getTaskUpdated().getFrameworkId());
      operator.next(event -> event.getType() == Event.Type.HEARTBEAT, WAIT);
    }
  }

  @Test
  void aProtobufStreamSeesATaskRunToItsEnd(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512");
        HttpOperatorStream operator = HttpOperatorStream.subscribe(vertx, cluster.master().httpPort(), ProtoMediaType.PROTOBUF)) {
      assertEquals("application/x-protobuf", operator.headers().get("Content-Type"));
      assertTrue(operator.subscribed().getSubscribed().hasGetState());

      launch(vertx, "watched-2", "echo hi", TaskState.TASK_FINISHED);

      operator.next(event -> isTask(event, "watched-2"), WAIT);
      operator.next(event -> isUpdate(event, "watched-2", TaskState.TASK_FINISHED), WAIT);
    }
  }

  /** Serves the operator endpoints alone; a test consumer plays the master, answering SUBSCRIBED with {@code subscribed}. */
  private record Served(OperatorEndpoints endpoints, HttpServer server, MessageConsumer<Object> master) implements AutoCloseable {
    static Served start(Vertx vertx, AtomicBoolean leading, int maxStreams, Event.Subscribed subscribed) {
      Codecs.register(vertx);
      OperatorEndpoints endpoints = new OperatorEndpoints(vertx, TestLeaders.leadingWhile(leading::get),
          new MasterMetrics(() -> -1, () -> Future.failedFuture("not leading")), maxStreams);
      HttpServer server = Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0, List.of(endpoints)));
      MessageConsumer<Object> master = vertx.eventBus().consumer(Addresses.MASTER, message -> message.reply(
          Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(subscribed).build()));
      Await.result(master.completion());
      return new Served(endpoints, server, master);
    }

    int port() {
      return server.actualPort();
    }

    @Override
    public void close() {
      Await.result(master.unregister());
      Await.result(server.close());
    }
  }

  @Test
  void aStreamTheMasterStopsHeartbeatingEnds(Vertx vertx) throws Exception {
    Event.Subscribed fastHeartbeats = Event.Subscribed.newBuilder()
        .setGetState(Response.GetState.getDefaultInstance()).setHeartbeatIntervalSeconds(0.1).build();
    try (Served served = Served.start(vertx, new AtomicBoolean(true), 2, fastHeartbeats);
        HttpOperatorStream operator = HttpOperatorStream.subscribe(vertx, served.port(), ProtoMediaType.JSON)) {
      assertNotNull(operator.subscribed());

      // Nobody heartbeats the stream: its master is gone, and no later one knows of it.
      operator.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Await.until("the stream forgotten", WAIT, () -> served.endpoints().openStreams() == 0);
    }
  }

  @Test
  void streamsAreCappedAndEndCleanlyWhenTheMasterStopsLeading(Vertx vertx) throws Exception {
    AtomicBoolean leading = new AtomicBoolean(true);
    Event.Subscribed noHeartbeats = Event.Subscribed.newBuilder().setGetState(Response.GetState.getDefaultInstance()).build();
    try (Served served = Served.start(vertx, leading, 2, noHeartbeats);
        HttpOperatorStream first = HttpOperatorStream.subscribe(vertx, served.port(), ProtoMediaType.JSON);
        HttpOperatorStream second = HttpOperatorStream.subscribe(vertx, served.port(), ProtoMediaType.PROTOBUF);
        HttpOperatorStream third = HttpOperatorStream.subscribe(vertx, served.port(), ProtoMediaType.JSON)) {
      assertNotNull(first.subscribed());
      assertNotNull(second.subscribed());
      assertEquals(503, third.status(), "a third stream is over the cap of two");
      assertEquals(2, served.endpoints().openStreams());

      leading.set(false);

      // Ended, not broken: the response completes after the last whole record.
      first.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      second.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Await.until("streams forgotten", WAIT, () -> served.endpoints().openStreams() == 0);
    }
  }
}
