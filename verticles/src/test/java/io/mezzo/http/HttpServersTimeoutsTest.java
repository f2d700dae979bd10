package io.mezzo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.config.ConfigException;
import io.mezzo.config.ConfigReader;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connections that hold a server without finishing a request are closed within the timeouts. */
@ExtendWith(VertxExtension.class)
class HttpServersTimeoutsTest {
  private static final String HOST = LocalCluster.HOST;
  private static final Duration HEADER = Duration.ofMillis(400);
  private static final Duration IDLE = Duration.ofMillis(1500);
  /** Room for a loaded machine on top of a timeout; far below what an unguarded server holds. */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static final Endpoints OK = router -> router.get("/ok").handler(context -> context.response().end("ok"));

  private HttpServer server;

  private int start(Vertx vertx) {
    server = Await.result(HttpServers.listen(vertx, HOST, 0, new HttpTimeouts(IDLE, HEADER), List.of(OK)));
    return server.actualPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      Await.result(server.close());
    }
  }

  /** How long until the server closes {@code connection}; fails past {@code bound}. */
  private static Duration closedWithin(RawHttp connection, Duration bound) throws Exception {
    long start = System.nanoTime();
    assertTrue(connection.closedByServer(), "the server still holds the connection after " + bound);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(bound) <= 0, "closed after " + took + ", beyond " + bound);
    return took;
  }

  @Test
  void aHalfSentRequestIsCutOffAtTheHeaderTimeout(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (RawHttp slowloris = RawHttp.connect(HOST, port, HEADER.plus(SLACK))) {
      slowloris.send("GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      Duration took = closedWithin(slowloris, HEADER.plus(SLACK));
      assertTrue(took.compareTo(HEADER.minusMillis(100)) >= 0, "not before the timeout: " + took);
    }
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffToo(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (RawHttp trickle = RawHttp.connect(HOST, port, Duration.ofMillis(100))) {
      // A byte every 100 ms keeps the idle timeout away; the head's deadline still ends it.
      long deadline = System.nanoTime() + HEADER.plus(SLACK).toNanos();
      boolean closed = false;
      trickle.send("GET /ok HTTP/1.1\r\n");
      for (int i = 0; i < 100 && !closed && System.nanoTime() < deadline; i++) {
        try {
          trickle.send("X");
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = trickle.closedByServer();
      }
      assertTrue(closed, "a trickled head is cut off within " + HEADER.plus(SLACK));
    }
  }

  @Test
  void aSilentConnectionIsClosedAtTheHeaderTimeout(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (RawHttp silent = RawHttp.connect(HOST, port, HEADER.plus(SLACK))) {
      closedWithin(silent, HEADER.plus(SLACK));
    }
  }

  @Test
  void aKeptAliveConnectionWaitsForItsNextRequestUntilTheIdleTimeout(Vertx vertx) throws Exception {
    int port = start(vertx);
    try (RawHttp client = RawHttp.connect(HOST, port, IDLE.plus(SLACK))) {
      assertEquals(200, client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").response().status());
      // Longer than the header timeout between requests: still open, since no request began.
      Thread.sleep(HEADER.multipliedBy(2).toMillis());
      assertEquals(200, client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").response().status());
      Duration took = closedWithin(client, IDLE.plus(SLACK));
      assertTrue(took.compareTo(IDLE.minusMillis(200)) >= 0, "closed by the idle timeout, not earlier: " + took);
    }
  }

  @Test
  void masterAndAgentServersTakeTheirConfiguredTimeouts(Vertx vertx, @TempDir Path dir) throws Exception {
    JsonObject master = LocalCluster.fastMaster(dir).put("http_header_timeout", "500ms");
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, master)) {
      cluster.addAgent(new JsonObject().put("http_header_timeout", "500ms"));
      for (int port : new int[] {cluster.master().httpPort(), cluster.agent(0).httpPort()}) {
        try (RawHttp slowloris = RawHttp.connect(HOST, port, SLACK)) {
          slowloris.send("GET /master/state HTTP/1.1\r\nHost: x\r\n");
          closedWithin(slowloris, Duration.ofMillis(500).plus(SLACK));
        }
        // Both answer a version they do not speak in JSON, as every Mezzo server does.
        RawHttp.Response version = RawHttp.exchange(HOST, port, "GET /health HTTP/9.9\r\nHost: x\r\n\r\n");
        assertEquals(505, version.status(), version.toString());
        assertEquals(505, new JsonObject(version.body()).getInteger("status"));
      }
    }
  }

  @Test
  void configKeysAreReadAndBounded() {
    JsonObject json = new JsonObject()
        .put("http_idle_timeout", "2m").put("http_header_timeout", "5s");
    HttpTimeouts timeouts = HttpTimeouts.read(new ConfigReader("agent", json));
    assertEquals(new HttpTimeouts(Duration.ofMinutes(2), Duration.ofSeconds(5)), timeouts);
    assertEquals(HttpTimeouts.DEFAULTS, HttpTimeouts.read(new ConfigReader("agent", null)));
    ConfigException tooShort = assertThrows(ConfigException.class,
        () -> HttpTimeouts.read(new ConfigReader("master", json.copy().put("http_idle_timeout", "5s"))));
    assertTrue(tooShort.getMessage().contains("master.http_idle_timeout"), tooShort.getMessage());
    assertFalse(HttpTimeouts.DEFAULT_HEADER.compareTo(HttpTimeouts.DEFAULT_IDLE) >= 0, "a head is due before idleness");
  }
}
