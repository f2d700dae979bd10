package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.client.SchedulerClient;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover, messages and heartbeats through the Java client and a real agent: the wiring. What
 * the master decides (reconciliation, refused subscriptions) its harness tests show.
 */
@ExtendWith(VertxExtension.class)
class SchedulerApiTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void heartbeatsArriveAndCallsNeedTheCurrentStream(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f").failoverTimeout(60);
      framework.subscribe();
      framework.nextEvent(e -> e.getType() == Event.Type.HEARTBEAT, WAIT);

      // A second instance takes over: the first one's stream ends with an ERROR.
      SchedulerClient old = framework.client();
      framework.subscribe();
      framework.nextEvent(e -> e.getType() == Event.Type.ERROR && e.getError().getMessage().contains("failed over"), WAIT);
      Throwable stale = Await.failure(old.revive());
      assertEquals(Failure.BAD_REQUEST, Failure.of(stale));
      Await.result(framework.client().revive());
    }
  }

  @Test
  void frameworkMessagesReachTheExecutorsAgent(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      TestFramework framework = new TestFramework(vertx, "f");
      framework.subscribe();
      String agentId = cluster.agent(0).agentId();
      CompletableFuture<AgentEvent> received = new CompletableFuture<>();
      // Another consumer of the agent's address hears the relayed message too (the agent
      // passes it on to the executor's run: ExecutorRunsTest).
      MessageConsumer<AgentEvent> agent = vertx.eventBus().<AgentEvent>consumer(Addresses.agent(agentId), m -> {
        if (m.body().getType() == AgentEvent.Type.SEND_FRAMEWORK_MESSAGE) {
          received.complete(m.body());
        }
      });
      Await.result(agent.completion());
      AgentID agentID = AgentID.newBuilder().setValue(agentId).build();
      // Sent until the test's consumer gets one: the agent's own consumer shares the address.
      for (int i = 0; i < 20 && !received.isDone(); i++) {
        Await.result(framework.client().message(agentID, ExecutorID.newBuilder().setValue("e1").build(),
            ByteString.copyFromUtf8("hello")));
      }
      AgentEvent event = received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals("hello", event.getSendFrameworkMessage().getData().toStringUtf8());
      assertEquals("e1", event.getSendFrameworkMessage().getExecutorId().getValue());

      Throwable unknownAgent = Await.failure(framework.client().message(AgentID.newBuilder().setValue("nobody").build(),
          ExecutorID.newBuilder().setValue("e1").build(), ByteString.copyFromUtf8("x")));
      assertEquals(Failure.NOT_FOUND, Failure.of(unknownAgent));
    }
  }
}
