package io.mezzo.grpc;

import com.google.protobuf.Descriptors;
import io.mezzo.http.SubscriptionStream;
import io.mezzo.master.http.LeaderCalls;
import io.mezzo.master.http.LeaderView;
import io.mezzo.master.http.NodeCalls;
import io.mezzo.master.http.SubscriptionStreams;
import io.mezzo.master.validation.OperatorCalls;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Event;
import io.mezzo.v1.master.OperatorGrpcService;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;

/**
 * {@code mezzo.v1.master.Operator}: the operator API over gRPC, on the same path as
 * {@code POST /api/v1}: node calls (metrics, logging, files) answered by {@link NodeCalls},
 * the rest by the leading master over the event bus, SUBSCRIBE as a {@link SubscriptionStream}.
 */
final class OperatorGrpc implements Service {
  private final LeaderCalls leader;
  private final NodeCalls node;
  private final GrpcCalls calls;
  private final SubscriptionStreams<Event> streams;

  OperatorGrpc(Vertx vertx, LeaderView view, NodeCalls node, GrpcCalls calls) {
    this.leader = new LeaderCalls(vertx);
    this.node = node;
    this.calls = calls;
    this.streams = new SubscriptionStreams<>(vertx, view, SubscriptionStream.OPERATOR,
        io.mezzo.master.http.OperatorEndpoints.MAX_STREAMS, true);
  }

  @Override
  public ServiceName name() {
    return OperatorGrpcService.SERVICE_NAME;
  }

  @Override
  public Descriptors.ServiceDescriptor descriptor() {
    return OperatorGrpcService.SERVICE_DESCRIPTOR;
  }

  @Override
  public void bind(GrpcServer server) {
    server.callHandler(GrpcCalls.lenient(OperatorGrpcService.Subscribe, Call.getDefaultInstance()), request -> calls.serve(request, call -> subscribe(request, call)));
    server.callHandler(GrpcCalls.lenient(OperatorGrpcService.Call, Call.getDefaultInstance()), request -> calls.serve(request, call -> call(request, call)));
  }

  void close() {
    streams.closeAll("this master is stopping");
  }

  private void subscribe(GrpcServerRequest<Call, Event> request, Call call) {
    if (call.getType() != Call.Type.SUBSCRIBE) {
      throw Refusal.badRequest("Subscribe takes a SUBSCRIBE call; send " + call.getType() + " with Call");
    }
    OperatorCalls.check(call);
    streams.open(new GrpcStreamSink<>(request.response()), call, GrpcCalls.timeoutMillis(request, SchedulerGrpc.CALL_TIMEOUT));
  }

  private void call(GrpcServerRequest<Call, Response> request, Call call) {
    if (call.getType() == Call.Type.UNKNOWN) {
      throw Refusal.badRequest("The call needs a known type, such as GET_STATE");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      throw Refusal.badRequest("SUBSCRIBE opens a stream: use Subscribe");
    }
    Future<Response> response = NodeCalls.TYPES.contains(call.getType())
        ? node.handle(call)
        : leader.call(call).map(LeaderCalls.Answer::response);
    // Calls that answer nothing over HTTP (an empty 200) answer an empty Response.
    calls.answer(request.response(), response.map(answer -> answer == null ? Response.getDefaultInstance() : answer));
  }
}
