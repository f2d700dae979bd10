package io.mezzo.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.Leadership;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.MasterNode;
import io.mezzo.state.StateStoreFactory;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.Address;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.LeaderRecord;
import io.mezzo.v1.master.OperatorGrpcClient;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.SchedulerGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby's gRPC API: NOT_SERVING, and UNAVAILABLE naming the leader in the trailers. */
class GrpcStandbyTest {
  @TempDir Path dir;
  Vertx vertx;
  MasterNode standby;
  GrpcClient client;
  SocketAddress address;
  final AtomicReference<LeaderRecord> published = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    MasterConfig config = MasterConfig.fromJson(LocalCluster.fastMaster(dir));
    standby = new MasterNode(vertx, config, LocalCluster.HOST, new NeverElected(), StateStoreFactory.none(), published::get);
    Await.result(standby.start());
    client = GrpcClient.client(vertx);
    address = SocketAddress.inetSocketAddress(standby.grpcPort(), LocalCluster.HOST);
  }

  @AfterEach
  void stop() {
    Await.result(client.close().eventually(() -> standby.stop()).eventually(() -> vertx.close()));
  }

  @Test
  void aStandbyIsNotServingAndNamesTheLeader() {
    // The leader's gRPC port differs from this standby's: the answer names the published one.
    published.set(LeaderRecord.newBuilder().setGrpcPort(6053).setInfo(MasterInfo.newBuilder().setId("leader")
        .setHostname("127.0.0.2").setPort(5050)
        .setAddress(Address.newBuilder().setHostname("127.0.0.2").setIp("127.0.0.2").setPort(5050))).build());
    for (String service : new String[] {"mezzo.v1.scheduler.Scheduler", "mezzo.v1.master.Operator"}) {
      HealthCheckResponse health = MasterGrpcTest.unary(client, address, MasterGrpcTest.HEALTH_CHECK,
          HealthCheckRequest.newBuilder().setService(service).build(), null).body();
      assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, health.getStatus(), service);
    }
    HealthCheckResponse server = MasterGrpcTest.unary(client, address, MasterGrpcTest.HEALTH_CHECK,
        HealthCheckRequest.getDefaultInstance(), null).body();
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, server.getStatus(), "the server itself is up");

    var trailers = new AtomicReference<io.vertx.core.MultiMap>();
    GrpcStatus status = Await.result(client.request(address, OperatorGrpcClient.Call).compose(request -> {
      request.timeout(10, TimeUnit.SECONDS);
      request.end(io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.GET_STATE).build());
      return request.response().compose(response -> response.end().otherwiseEmpty().map(v -> {
        // A status with no message before it comes in the headers ("trailers-only").
        trailers.set(response.trailers().isEmpty() ? response.headers() : response.trailers());
        return response.status();
      }));
    }));
    assertEquals(GrpcStatus.UNAVAILABLE, status);
    assertEquals("127.0.0.2:6053", trailers.get().get(GrpcCalls.LEADER));
    assertEquals("127.0.0.2:5050", trailers.get().get(GrpcCalls.LEADER_HTTP));
  }

  @Test
  void aStandbyThatKnowsNoLeaderIsUnavailable() {
    MasterGrpcTest.Answer<Response> answer = MasterGrpcTest.unary(client, address, OperatorGrpcClient.Call,
        io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.GET_STATE).build(), null);
    assertEquals(GrpcStatus.UNAVAILABLE, answer.status());
    assertNull(answer.body());
    var subscribe = MasterGrpcTest.unary(client, address, SchedulerGrpcClient.Call,
        MasterGrpcTest.subscribe("x"), null);
    assertEquals(GrpcStatus.UNAVAILABLE, subscribe.status());
    assertTrue(subscribe.message().contains("No leading master"), subscribe.message());
  }

  /** A contender that loses every election: the node stays a standby. */
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
