package io.mezzo.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Empty;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.http.SubscriptionStream;
import io.mezzo.master.http.LeaderView;
import io.mezzo.master.http.SubscriptionStreams;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.v1.scheduler.SchedulerGrpcService;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import java.time.Duration;

/**
 * {@code mezzo.v1.scheduler.Scheduler}: the scheduler API over gRPC, on the same path as
 * {@code POST /api/v1/scheduler}: SUBSCRIBE opens a {@link SubscriptionStream} to the leading
 * master, every other call goes to {@link Addresses#MASTER} with its stream ID, and the
 * master core answers both as it answers the HTTP API and the event bus.
 */
final class SchedulerGrpc implements Service {
  /** The longest a call waits for the master, as the HTTP API's. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final GrpcCalls calls;
  /** Bounded as the HTTP API's: by the master's max_frameworks and the heartbeats. */
  private final SubscriptionStreams<Event> streams;

  SchedulerGrpc(Vertx vertx, LeaderView leader, GrpcCalls calls) {
    this.vertx = vertx;
    this.calls = calls;
    this.streams = new SubscriptionStreams<>(vertx, leader, SubscriptionStream.SCHEDULER, Integer.MAX_VALUE, false);
  }

  @Override
  public ServiceName name() {
    return SchedulerGrpcService.SERVICE_NAME;
  }

  @Override
  public Descriptors.ServiceDescriptor descriptor() {
    return SchedulerGrpcService.SERVICE_DESCRIPTOR;
  }

  @Override
  public void bind(GrpcServer server) {
    server.callHandler(GrpcCalls.lenient(SchedulerGrpcService.Subscribe, Call.getDefaultInstance()), request -> calls.serve(request, call -> subscribe(request, call)));
    server.callHandler(GrpcCalls.lenient(SchedulerGrpcService.Call, Call.getDefaultInstance()), request -> calls.serve(request, call -> call(request, call)));
  }

  /** Ends every stream: this node stops serving. */
  void close() {
    streams.closeAll("this master is stopping");
  }

  private void subscribe(GrpcServerRequest<Call, Event> request, Call call) {
    if (call.getType() != Call.Type.SUBSCRIBE) {
      throw Refusal.badRequest("Subscribe takes a SUBSCRIBE call; send " + call.getType() + " with Call");
    }
    streams.open(new GrpcStreamSink<>(request.response()), call, GrpcCalls.timeoutMillis(request, CALL_TIMEOUT));
  }

  private void call(GrpcServerRequest<Call, Empty> request, Call call) {
    if (call.getType() == Call.Type.UNKNOWN) {
      throw Refusal.badRequest("The call needs a known type, such as ACCEPT");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      throw Refusal.badRequest("SUBSCRIBE opens a stream: use Subscribe");
    }
    String streamId = request.headers().get(GrpcStreamSink.STREAM_ID);
    if (streamId == null || streamId.isBlank()) {
      throw Refusal.badRequest("Calls must carry the mesos-stream-id metadata of their subscription");
    }
    DeliveryOptions delivery = new DeliveryOptions()
        .setSendTimeout(GrpcCalls.timeoutMillis(request, CALL_TIMEOUT))
        .addHeader(Headers.STREAM_ID, streamId);
    calls.answer(request.response(),
        vertx.eventBus().request(Addresses.MASTER, call, delivery).map(reply -> Empty.getDefaultInstance()));
  }
}
