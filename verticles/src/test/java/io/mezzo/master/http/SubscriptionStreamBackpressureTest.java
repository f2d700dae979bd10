package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.GeneratedMessage;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpServers;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.metrics.MasterMetrics;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestLeaders;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that stops reading its subscription stream (scheduler or operator) is cut off
 * instead of buffered for: the stream ends, and the master's next heartbeat finds nobody, so
 * the master forgets the stream. The master is played by a test consumer that floods the
 * stream with large events.
 */
@ExtendWith(VertxExtension.class)
class SubscriptionStreamBackpressureTest {
  /** Far more than the write queue, the kernel's socket buffers and the early-event bound together. */
  static final long FLOOD_LIMIT_BYTES = 2L * 1024 * 1024 * 1024;

  @Test
  void aSchedulerThatStopsReadingLosesItsStream(Vertx vertx) throws Exception {
    SchedulerEndpoints endpoints = new SchedulerEndpoints(vertx, TestLeaders.leadingWhile(() -> true));
    Buffer subscribe = ProtoMediaType.JSON.encode(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("slow")))
        .build());
    Event subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("f-1"))).build();
    Event big = Event.newBuilder().setType(Event.Type.MESSAGE)
        .setMessage(Event.Message.newBuilder().setData(ByteString.copyFrom(new byte[256 * 1024]))).build();
    floodUntilCutOff(vertx, endpoints, endpoints::openStreams, "/api/v1/scheduler", subscribe, subscribed,
        Addresses::scheduler, big, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
  }

  @Test
  void anOperatorThatStopsReadingLosesItsStream(Vertx vertx) throws Exception {
    OperatorEndpoints endpoints = new OperatorEndpoints(vertx, TestLeaders.leadingWhile(() -> true),
        new MasterMetrics(() -> -1, () -> Future.failedFuture("not leading")));
    Buffer subscribe = ProtoMediaType.JSON.encode(
        io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.SUBSCRIBE).build());
    io.mezzo.v1.master.Event subscribed = io.mezzo.v1.master.Event.newBuilder()
        .setType(io.mezzo.v1.master.Event.Type.SUBSCRIBED)
        .setSubscribed(io.mezzo.v1.master.Event.Subscribed.newBuilder().setGetState(Response.GetState.getDefaultInstance()))
        .build();
    io.mezzo.v1.master.Event big = io.mezzo.v1.master.Event.newBuilder()
        .setType(io.mezzo.v1.master.Event.Type.TASK_ADDED)
        .setTaskAdded(io.mezzo.v1.master.Event.TaskAdded.newBuilder().setTask(Task.newBuilder().setName("x".repeat(256 * 1024))))
        .build();
    floodUntilCutOff(vertx, endpoints, endpoints::openStreams, "/api/v1", subscribe, subscribed, Addresses::operator, big,
        io.mezzo.v1.master.Event.newBuilder().setType(io.mezzo.v1.master.Event.Type.HEARTBEAT).build());
  }

  /**
   * Subscribes through {@code endpoints} over a raw connection that then reads nothing, floods
   * the stream with {@code big} events, and checks that the stream ends long before the flood
   * would, that heartbeats find nobody, and that the connection ends once the client reads again.
   */
  private static void floodUntilCutOff(Vertx vertx, Endpoints endpoints, IntSupplier openStreams, String path,
      Buffer subscribe, GeneratedMessage subscribed, Function<String, String> address, GeneratedMessage big,
      GeneratedMessage heartbeat) throws Exception {
    Codecs.register(vertx);
    HttpServer server = Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0, List.of(endpoints)));
    CompletableFuture<String> streamId = new CompletableFuture<>();
    MessageConsumer<Object> master = vertx.eventBus().consumer(Addresses.MASTER, message -> {
      streamId.complete(message.headers().get(Headers.STREAM_ID));
      message.reply(subscribed);
    });
    Await.result(master.completion());

    NetClient tcp = vertx.createNetClient();
    NetSocket socket = Await.result(tcp.connect(server.actualPort(), LocalCluster.HOST));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    socket.closeHandler(v -> closed.complete(null));
    // Read the response head, then read nothing more: the kernel's buffers fill, then the server's.
    socket.handler(head -> socket.pause());
    socket.write(Buffer.buffer("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + subscribe.length() + "\r\n\r\n").appendBuffer(subscribe));
    String stream = streamId.get(30, TimeUnit.SECONDS);

    AtomicLong sent = new AtomicLong();
    long flood = vertx.setPeriodic(5, id -> {
      for (int i = 0; i < 16 && openStreams.getAsInt() > 0 && sent.get() < FLOOD_LIMIT_BYTES; i++) {
        vertx.eventBus().send(address.apply(stream), big);
        sent.addAndGet(big.getSerializedSize());
      }
    });
    try {
      Await.until("the stream ended (" + sent.get() + " bytes sent)", Duration.ofSeconds(60), () -> openStreams.getAsInt() == 0);
      assertTrue(sent.get() < FLOOD_LIMIT_BYTES, "the stream ended only when the flood stopped");
      // Nobody answers the master's heartbeats any more: the master would drop the stream.
      Throwable unanswered = Await.failure(vertx.eventBus().request(address.apply(stream), heartbeat));
      assertEquals(Failure.NO_REPLY, Failure.of(unanswered));
      // Once the client reads again it gets what was buffered, then the end of the connection.
      socket.handler(data -> { });
      socket.resume();
      closed.get(30, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(flood);
      Await.result(master.unregister());
      Await.result(tcp.close());
      Await.result(server.close());
    }
  }
}
