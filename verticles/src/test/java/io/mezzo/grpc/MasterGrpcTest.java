package io.mezzo.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.master.OperatorGrpcClient;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.v1.scheduler.SchedulerGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The master's gRPC API through the Vert.x gRPC client: the same answers as the HTTP API. */
@ExtendWith(VertxExtension.class)
class MasterGrpcTest {
  static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> HEALTH_CHECK = ServiceMethod.client(
      ServiceName.create("grpc.health.v1", "Health"), "Check", GrpcMessageEncoder.encoder(),
      GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));

  /** A unary call's end: its status and its answer, if any. */
  record Answer<T>(GrpcStatus status, String message, T body) {}

  static <Req, Resp> Answer<Resp> unary(GrpcClient client, SocketAddress address, ServiceMethod<Resp, Req> method,
      Req message, String streamId) {
    return Await.result(client.request(address, method).compose(request -> {
      request.timeout(10, TimeUnit.SECONDS);
      if (streamId != null) {
        request.headers().set("mesos-stream-id", streamId);
      }
      request.end(message);
      return request.response().compose(response -> {
        List<Resp> got = new ArrayList<>();
        response.handler(got::add);
        return response.end().otherwiseEmpty().map(v ->
            new Answer<>(response.status(), response.statusMessage(), got.isEmpty() ? null : got.get(0)));
      });
    }));
  }

  static Call subscribe(String name) {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("tester").setName(name))).build();
  }

  @Test
  void schedulerSubscribesOverGrpcAndBadCallsGetTheirStatus(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      SocketAddress address = SocketAddress.inetSocketAddress(cluster.master().grpcPort(), LocalCluster.HOST);
      GrpcClient client = GrpcClient.client(vertx);

      Answer<HealthCheckResponse> health = unary(client, address, HEALTH_CHECK,
          HealthCheckRequest.newBuilder().setService("mezzo.v1.scheduler.Scheduler").build(), null);
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.body().getStatus());

      List<Event> events = new ArrayList<>();
      io.vertx.core.Promise<Void> offered = io.vertx.core.Promise.promise();
      GrpcClientResponse<Call, Event> response = Await.result(client.request(address, SchedulerGrpcClient.Subscribe)
          .compose(request -> {
            request.end(subscribe("grpc-test"));
            return request.response();
          })
          .map(answer -> answer.handler(event -> {
            synchronized (events) {
              events.add(event);
            }
            if (event.getType() == Event.Type.OFFERS) {
              offered.tryComplete();
            }
          })));
      String streamId = response.headers().get("mesos-stream-id");
      assertNotNull(streamId, "the stream ID comes in the response headers");
      Await.result(offered.future());
      assertEquals(Event.Type.SUBSCRIBED, events.get(0).getType());

      Call revive = Call.newBuilder().setType(Call.Type.REVIVE)
          .setFrameworkId(events.get(0).getSubscribed().getFrameworkId()).build();
      assertEquals(GrpcStatus.OK, unary(client, address, SchedulerGrpcClient.Call, revive, streamId).status());

      Answer<Empty> noStream = unary(client, address, SchedulerGrpcClient.Call, revive, null);
      assertEquals(GrpcStatus.INVALID_ARGUMENT, noStream.status(), noStream.message());
      Answer<Empty> otherStream = unary(client, address, SchedulerGrpcClient.Call, revive, "not-a-stream");
      // The master refuses a call through another stream as Mesos does (400), whatever the transport.
      assertEquals(GrpcStatus.INVALID_ARGUMENT, otherStream.status(), otherStream.message());
      assertTrue(otherStream.message().contains("not subscribed through stream"), otherStream.message());
      Answer<Empty> untyped = unary(client, address, SchedulerGrpcClient.Call, Call.getDefaultInstance(), streamId);
      assertEquals(GrpcStatus.INVALID_ARGUMENT, untyped.status(), untyped.message());

      Answer<Response> state = unary(client, address, OperatorGrpcClient.Call,
          io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.GET_STATE).build(), null);
      assertEquals(GrpcStatus.OK, state.status(), state.message());
      assertEquals(1, state.body().getGetState().getGetFrameworks().getFrameworksCount());
      assertTrue(state.body().getGetState().getGetAgents().getAgentsCount() == 1);
      Await.result(client.close());
    }
  }
}
