package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mezzo.bus.GrpcMetadata;
import io.mezzo.client.GrpcSchedulerClient;
import io.mezzo.testing.Await;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.v1.scheduler.SchedulerGrpcClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three master processes with distinct gRPC ports: a standby is NOT_SERVING, answers
 * UNAVAILABLE naming the gRPC address the leader published (not the standby's own port), and
 * the Vert.x gRPC scheduler client given the standby follows it to the leader.
 */
class GrpcStandbyProcessTest {
  static final Duration ELECTION = Duration.ofSeconds(120);
  static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> HEALTH_CHECK = ServiceMethod.client(
      ServiceName.create("grpc.health.v1", "Health"), "Check", GrpcMessageEncoder.encoder(),
      GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));

  @TempDir Path dir;
  ProcessCluster cluster;
  Vertx vertx;

  @AfterEach
  void stop() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aStandbyNamesTheLeadersGrpcAddressAndTheClientFollowsIt() throws Exception {
    cluster = new ProcessCluster(dir, "grpc-standby", 3);
    int leader = cluster.awaitLeader(ELECTION);
    int standby = (leader + 1) % cluster.masterCount();
    assertNotEquals(cluster.grpcPort(leader), cluster.grpcPort(standby));
    vertx = Vertx.vertx();
    GrpcClient grpc = GrpcClient.client(vertx);
    SocketAddress standbyAddress = SocketAddress.inetSocketAddress(cluster.grpcPort(standby), ProcessCluster.HOST);
    SocketAddress leaderAddress = SocketAddress.inetSocketAddress(cluster.grpcPort(leader), ProcessCluster.HOST);

    assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, health(grpc, standbyAddress));
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health(grpc, leaderAddress));

    String expected = ProcessCluster.HOST + ":" + cluster.grpcPort(leader);
    // The standby learns the leader record through a map listener: it may take a moment.
    AtomicReference<String> named = new AtomicReference<>();
    Await.until("the standby names the leader's gRPC address", Duration.ofSeconds(30), () -> {
      named.set(redirect(grpc, standbyAddress));
      return named.get() != null;
    });
    assertEquals(expected, named.get());

    GrpcSchedulerClient client = GrpcSchedulerClient.create(vertx, standbyAddress);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Await.result(client.subscribe(FrameworkInfo.newBuilder().setUser("tester").setName("grpc-standby").build(),
        events::add));
    assertEquals(leaderAddress.port(), client.master().port(), "the client follows the standby to the leader");
    Event first = events.poll(30, TimeUnit.SECONDS);
    assertEquals(Event.Type.SUBSCRIBED, first == null ? null : first.getType());
    Await.result(client.teardown());
    Await.result(client.close());
  }

  private static HealthCheckResponse.ServingStatus health(GrpcClient grpc, SocketAddress address) {
    return Await.result(grpc.request(address, HEALTH_CHECK).compose(request -> {
      request.timeout(10, TimeUnit.SECONDS);
      request.end(HealthCheckRequest.newBuilder().setService("mezzo.v1.scheduler.Scheduler").build());
      return request.response().compose(response -> response.last());
    })).getStatus();
  }

  /** The leader address a standby's UNAVAILABLE names, or null while it names none. */
  private static String redirect(GrpcClient grpc, SocketAddress address) {
    return Await.result(grpc.request(address, SchedulerGrpcClient.Call).compose(request -> {
      request.timeout(10, TimeUnit.SECONDS);
      request.end(Call.newBuilder().setType(Call.Type.SUBSCRIBE).build());
      return request.response().compose(response -> response.end().otherwiseEmpty().map(v -> {
        assertEquals(GrpcStatus.UNAVAILABLE, response.status());
        // A status with no message before it comes in the headers ("trailers-only").
        MultiMap trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        return trailers.get(GrpcMetadata.LEADER);
      }));
    }));
  }
}
