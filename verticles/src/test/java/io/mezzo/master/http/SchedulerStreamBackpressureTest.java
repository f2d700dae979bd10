package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.http.HttpServers;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestLeaders;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scheduler that stops reading its stream is cut off instead of buffered for: the stream
 * ends, and the master's next heartbeat finds nobody, so the framework is disconnected.
 * The master is played by a test consumer that floods the stream with large events.
 */
@ExtendWith(VertxExtension.class)
class SchedulerStreamBackpressureTest {
  /** Far more than the write queue, the kernel's socket buffers and the early-event bound together. */
  static final long FLOOD_LIMIT_BYTES = 2L * 1024 * 1024 * 1024;

  @Test
  void aSchedulerThatStopsReadingLosesItsStream(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    LeaderView leader = TestLeaders.leadingWhile(() -> true);
    SchedulerEndpoints endpoints = new SchedulerEndpoints(vertx, leader);
    HttpServer server = Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0, List.of(endpoints)));
    CompletableFuture<String> streamId = new CompletableFuture<>();
    MessageConsumer<Call> master = vertx.eventBus().consumer(Addresses.MASTER, message -> {
      streamId.complete(message.headers().get(Headers.STREAM_ID));
      message.reply(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
          .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("f-1"))).build());
    });
    Await.result(master.completion());

    NetClient tcp = vertx.createNetClient();
    NetSocket socket = Await.result(tcp.connect(server.actualPort(), LocalCluster.HOST));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    socket.closeHandler(v -> closed.complete(null));
    // Read the response head, then read nothing more: the kernel's buffers fill, then the server's.
    socket.handler(head -> socket.pause());
    Buffer body = ProtoMediaType.JSON.encode(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("slow")))
        .build());
    socket.write(Buffer.buffer("POST /api/v1/scheduler HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n").appendBuffer(body));
    String stream = streamId.get(30, TimeUnit.SECONDS);

    Event big = Event.newBuilder().setType(Event.Type.MESSAGE)
        .setMessage(Event.Message.newBuilder().setData(ByteString.copyFrom(new byte[256 * 1024]))).build();
    AtomicLong sent = new AtomicLong();
    long flood = vertx.setPeriodic(5, id -> {
      for (int i = 0; i < 16 && endpoints.openStreams() > 0 && sent.get() < FLOOD_LIMIT_BYTES; i++) {
        vertx.eventBus().send(Addresses.scheduler(stream), big);
        sent.addAndGet(big.getSerializedSize());
      }
    });
    try {
      Await.until("the stream ended (" + sent.get() + " bytes sent)", Duration.ofSeconds(60), () -> endpoints.openStreams() == 0);
      assertTrue(sent.get() < FLOOD_LIMIT_BYTES, "the stream ended only when the flood stopped");
      // Nobody answers the master's heartbeats any more: it would disconnect the framework.
      Throwable heartbeat = Await.failure(vertx.eventBus().request(Addresses.scheduler(stream),
          Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
      assertEquals(Failure.NO_REPLY, Failure.of(heartbeat));
      // Once the scheduler reads again it gets what was buffered, then the end of the connection.
      socket.handler(data -> { });
      socket.resume();
      closed.get(30, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(flood);
      Await.result(tcp.close());
      Await.result(server.close());
    }
  }
}
