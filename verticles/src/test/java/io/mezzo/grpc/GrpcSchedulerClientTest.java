package io.mezzo.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mezzo.client.GrpcSchedulerClient;
import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.Leadership;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.MasterNode;
import io.mezzo.state.StateStoreFactory;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.LeaderRecord;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC scheduler client, given a standby's address: it follows the standby's
 * UNAVAILABLE to the leader, subscribes, launches a task, acknowledges its updates,
 * reconciles and tears down.
 */
@ExtendWith(VertxExtension.class)
class GrpcSchedulerClientTest {
  @Test
  void followsAStandbyToTheLeaderAndRunsATask(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      int grpcPort = cluster.master().grpcPort();
      MasterInfo leader = MasterInfo.newBuilder().setId("leader").setHostname(LocalCluster.HOST)
          .setPort(cluster.master().httpPort()).build();
      // The standby listens on another address (127.0.0.2 is loopback too) and any free gRPC port:
      // it names the port the leader published, not its own.
      MasterConfig standbyConfig = MasterConfig.fromJson(LocalCluster.fastMaster(dir.resolve("standby"))
          .put("grpc_port", 0));
      MasterNode standby = new MasterNode(vertx, standbyConfig, "127.0.0.2", new NeverElected(),
          StateStoreFactory.none(), () -> LeaderRecord.newBuilder().setInfo(leader).setGrpcPort(grpcPort).build());
      Await.result(standby.start());
      GrpcSchedulerClient client = GrpcSchedulerClient.create(vertx, SocketAddress.inetSocketAddress(standby.grpcPort(), "127.0.0.2"));
      try {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Await.result(client.subscribe(FrameworkInfo.newBuilder().setUser("tester").setName("grpc-client").build(),
            events::add));
        assertEquals(LocalCluster.HOST, client.master().host(), "the client follows the standby to the leader");
        assertNotNull(client.streamId());
        assertEquals(Event.Type.SUBSCRIBED, next(events, Event.Type.SUBSCRIBED).getType());

        Offer offer = next(events, Event.Type.OFFERS).getOffers().getOffers(0);
        Await.result(client.launch(offer.getId(), List.of(TestFramework.task("g1", offer, "echo hi", "cpus:0.1;mem:32"))));
        TaskState last = null;
        while (last != TaskState.TASK_FINISHED) {
          TaskStatus status = next(events, Event.Type.UPDATE).getUpdate().getStatus();
          last = status.getState();
          Await.result(client.acknowledge(status));
        }
        // Implicit reconciliation answers only for non-terminal tasks, as Mesos's: here, none.
        Await.result(client.reconcile(List.of()));
        Await.result(client.teardown());
        assertEquals(0, cluster.state().getGetFrameworks().getFrameworksCount());
      } finally {
        Await.result(client.close().otherwiseEmpty().compose(v -> standby.stop()));
      }
    }
  }

  private static Event next(BlockingQueue<Event> events, Event.Type type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Event event = events.poll(1, TimeUnit.SECONDS);
      if (event == null) {
        continue;
      }
      if (event.getType() == type) {
        return event;
      }
    }
    throw new AssertionError("no " + type + " event");
  }

  private static final class NeverElected implements LeaderContender {
    private final Promise<Leadership> never = Promise.promise();

    @Override
    public Future<Leadership> contend() {
      return never.future();
    }

    @Override
    public Future<Void> withdraw() {
      return Future.succeededFuture();
    }
  }
}
