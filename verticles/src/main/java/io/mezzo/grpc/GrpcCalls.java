package io.mezzo.grpc;

import io.mezzo.bus.Failure;
import io.mezzo.master.http.LeaderView;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Future;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.common.InvalidMessageException;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What every gRPC method of the master does the same way: only the leader serves (a standby
 * answers UNAVAILABLE naming the leader in the metadata), undecodable or oversized messages
 * are refused before anything runs, and a call's deadline bounds its wait for the master.
 */
final class GrpcCalls {
  static final String LEADER = io.mezzo.bus.GrpcMetadata.LEADER;
  static final String LEADER_HTTP = io.mezzo.bus.GrpcMetadata.LEADER_HTTP;

  private final LeaderView leader;
  private final IntSupplier grpcPort;

  /** @param grpcPort this node's gRPC port: the leader's guess when its record does not name one */
  GrpcCalls(LeaderView leader, IntSupplier grpcPort) {
    this.leader = leader;
    this.grpcPort = grpcPort;
  }

  /**
   * Reads the request's one message and hands it to {@code handler}, on the leader only.
   * A failure thrown by {@code handler} ends the call with its mapped status.
   */
  <Req, Resp> void serve(GrpcServerRequest<Req, Resp> request, Consumer<Req> handler) {
    GrpcServerResponse<Req, Resp> response = request.response();
    request.invalidMessageHandler(error -> fail(response, invalid(error), error.getMessage()));
    if (!leader.leading()) {
      redirect(response);
      return;
    }
    request.handler(message -> {
      if (message == null) {
        fail(response, GrpcStatus.INVALID_ARGUMENT, "The message does not decode as " + request.fullMethodName() + "'s request");
        return;
      }
      try {
        handler.accept(message);
      } catch (RuntimeException error) {
        fail(response, error);
      }
    });
  }

  /**
   * {@code method} with a decoder that answers null for a message that does not decode, so
   * that the call gets INVALID_ARGUMENT (Vert.x would reset the stream, which a client sees
   * as CANCELLED).
   */
  static <Req extends com.google.protobuf.Message, Resp> ServiceMethod<Req, Resp> lenient(ServiceMethod<Req, Resp> method,
      Req prototype) {
    GrpcMessageDecoder<Req> strict = GrpcMessageDecoder.decoder(prototype.newBuilderForType());
    GrpcMessageDecoder<Req> decoder = new GrpcMessageDecoder<>() {
      @Override
      public Req decode(GrpcMessage message) {
        try {
          return strict.decode(message);
        } catch (CodecException e) {
          return null;
        }
      }

      @Override
      public boolean accepts(WireFormat format) {
        return strict.accepts(format);
      }
    };
    return ServiceMethod.server(method.serviceName(), method.methodName(), method.encoder(), decoder);
  }

  /** Ends a unary call with {@code result}'s value, or its mapped status. */
  <Resp> void answer(GrpcServerResponse<?, Resp> response, Future<Resp> result) {
    result.onSuccess(response::end).onFailure(error -> fail(response, error));
  }

  /** How long a call may wait for the master: its deadline, at most {@code max}. */
  static long timeoutMillis(GrpcServerRequest<?, ?> request, Duration max) {
    long deadline = request.timeout();
    return deadline > 0 ? Math.min(deadline, max.toMillis()) : max.toMillis();
  }

  static void fail(GrpcServerResponse<?, ?> response, Throwable error) {
    fail(response, GrpcStatuses.of(error), GrpcStatuses.message(error));
  }

  private static void fail(GrpcServerResponse<?, ?> response, GrpcStatus status, String message) {
    response.status(status).statusMessage(message).end();
  }

  private static GrpcStatus invalid(InvalidMessageException error) {
    return error instanceof MessageSizeOverflowException ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INVALID_ARGUMENT;
  }

  private void redirect(GrpcServerResponse<?, ?> response) {
    MasterInfo info = leader.leader();
    if (info == null) {
      fail(response, Failure.UNAVAILABLE.exception("No leading master is known yet; try again shortly"));
      return;
    }
    String host = info.getHostname();
    // With no message before it, the status travels in the headers ("trailers-only").
    response.trailers().set(LEADER_HTTP, host + ":" + info.getPort());
    int published = leader.leaderGrpcPort();
    if (published == 0) {
      fail(response, GrpcStatus.UNAVAILABLE, "This master is not the leader, and the leader (" + host + ":" + info.getPort()
          + ") serves no gRPC API");
      return;
    }
    // A record written before leaders published their port: assume masters share grpc_port.
    int port = published > 0 ? published : grpcPort.getAsInt();
    response.trailers().set(LEADER, host + ":" + port);
    fail(response, GrpcStatus.UNAVAILABLE, "This master is not the leader; the leader is " + host + ":" + port);
  }
}
