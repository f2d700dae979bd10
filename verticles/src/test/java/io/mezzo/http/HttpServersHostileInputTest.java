package io.mezzo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.LogCapture;
import io.mezzo.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the HTTP decoder refuses before any route runs: each gets a JSON 4xx (or 505), the
 * connection closes, and the log keeps no stack trace, since a client can send them by the
 * thousand.
 */
@ExtendWith(VertxExtension.class)
class HttpServersHostileInputTest {
  private static final String HOST = LocalCluster.HOST;

  private HttpServer server;
  private LogCapture log;

  /** Two routes: a GET, and a POST that reads its body, as the APIs do. */
  private static final Endpoints ECHO = router -> {
    router.get("/ok").handler(context -> context.response().end("ok"));
    router.post("/echo").handler(context -> context.response().end(context.body().buffer()));
  };

  @BeforeEach
  void start(Vertx vertx) {
    log = LogCapture.start();
    server = Await.result(HttpServers.listen(vertx, HOST, 0, List.of(ECHO)));
  }

  @AfterEach
  void stop() {
    Await.result(server.close());
    log.close();
  }

  private RawHttp.Response exchange(String request) throws Exception {
    return RawHttp.exchange(HOST, server.actualPort(), request);
  }

  /** Asserts a JSON error with {@code status} that closes the connection; returns its message. */
  private static String assertJsonError(int status, RawHttp.Response response) {
    assertEquals(status, response.status(), response.toString());
    // A request too broken to tell its version is answered as HTTP/1.0.
    assertTrue(response.statusLine().startsWith("HTTP/1."), response.statusLine());
    assertEquals("application/json", response.header("Content-Type"), response.toString());
    JsonObject body = new JsonObject(response.body());
    assertEquals(status, body.getInteger("status"));
    assertEquals("close", response.header("Connection"), response.toString());
    return body.getString("error");
  }

  private void assertNoStackTraceLogged() {
    assertEquals(List.of(), log.withStackTraces(), "no stack trace for a bad request");
    assertEquals(List.of(), log.atLeast(Level.WARN), "nothing above debug for a bad request");
  }

  @Test
  void anUnsupportedVersionGets505InJson() throws Exception {
    RawHttp.Response response = exchange("GET /ok HTTP/9.9\r\nHost: x\r\n\r\n");
    assertTrue(response.statusLine().startsWith("HTTP/1.1 505 "), response.statusLine());
    String error = assertJsonError(505, response);
    assertTrue(error.contains("HTTP/9.9") && error.contains("HTTP/1.1"), error);
    assertJsonError(505, exchange("GET /ok HTTP/2.0\r\nHost: x\r\n\r\n"));
    assertJsonError(505, exchange("GET /ok FTP/1.1\r\nHost: x\r\n\r\n"));
    assertNoStackTraceLogged();
  }

  @Test
  void aLaterMinorVersionIsServedAsHttp11() throws Exception {
    // RFC 9112 section 2.3: a higher minor version of a major version the server speaks.
    RawHttp.Response response = exchange("GET /ok HTTP/1.7\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(200, response.status(), response.toString());
    assertTrue(response.statusLine().startsWith("HTTP/1.1 200"), response.statusLine());
    assertEquals("ok", response.body());
  }

  @Test
  void brokenChunkingGets400InJson() throws Exception {
    String badSize = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
    String error = assertJsonError(400, exchange(badSize));
    assertTrue(error.toLowerCase().contains("chunk"), error);
    String noCrlf = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX3\r\nabc\r\n0\r\n\r\n";
    assertJsonError(400, exchange(noCrlf));
    for (int i = 0; i < 20; i++) {
      assertJsonError(400, exchange(badSize));
    }
    assertNoStackTraceLogged();
  }

  @Test
  void malformedAndOversizedHeadsGetJsonErrors() throws Exception {
    assertJsonError(400, exchange("HELLO\r\n\r\n"));
    assertJsonError(400, exchange("GET /ok HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"));
    assertJsonError(400, exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));
    assertJsonError(414, exchange("GET /" + "x".repeat(HttpServers.MAX_INITIAL_LINE) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertJsonError(431, exchange("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(HttpServers.MAX_HEADER_BYTES) + "\r\n\r\n"));
    assertNoStackTraceLogged();
  }

  @Test
  void theServerServesOnAfterwards() throws Exception {
    exchange("GET /ok HTTP/9.9\r\nHost: x\r\n\r\n");
    exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    RawHttp.Response fine = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n");
    assertEquals(200, fine.status(), fine.toString());
    assertEquals("hello", fine.body());
    try (RawHttp slow = RawHttp.connect(HOST, server.actualPort(), Duration.ofSeconds(10))) {
      // A request in two pieces is one request.
      slow.send("GET /ok HTTP/1.1\r\nHo");
      Thread.sleep(50);
      assertEquals(200, slow.send("st: x\r\nConnection: close\r\n\r\n").response().status());
    }
  }
}
