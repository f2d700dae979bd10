package io.mezzo.master.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A browser that stops reading loses its stream instead of making the master buffer for it. */
@ExtendWith(VertxExtension.class)
class EventStreamTest {
  /** Far more than the write queue and the kernel's socket buffers together. */
  static final long FLOOD_LIMIT_BYTES = 1024L * 1024 * 1024;

  @Test
  void aBrowserThatStopsReadingIsCutOff(Vertx vertx) throws Exception {
    AtomicBoolean ended = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    Buffer frame = SseFrame.event("update", "\"" + "x".repeat(256 * 1024) + "\"");
    Router router = Router.router(vertx);
    router.get("/stream").handler(context -> {
      EventStream stream = new EventStream(context.response(), s -> ended.set(true));
      stream.open();
      vertx.setPeriodic(5, id -> {
        for (int i = 0; i < 16 && !stream.ended() && sent.get() < FLOOD_LIMIT_BYTES; i++) {
          stream.send(frame);
          sent.addAndGet(frame.length());
        }
        if (stream.ended()) {
          vertx.cancelTimer(id);
        }
      });
    });
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, LocalCluster.HOST));
    NetClient tcp = vertx.createNetClient();
    NetSocket socket = Await.result(tcp.connect(server.actualPort(), LocalCluster.HOST));
    // Reads the response's head, then nothing more.
    socket.handler(head -> socket.pause());
    socket.write("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Await.until("the stream cut off (" + sent.get() + " bytes sent)", Duration.ofSeconds(60), ended::get);
    assertTrue(sent.get() < FLOOD_LIMIT_BYTES, "cut off before the flood ended");
    Await.result(tcp.close());
    Await.result(server.close());
  }
}
