package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.cli.client.CliException;
import io.mezzo.cli.client.MasterAddress;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.http.HttpErrors;
import io.mezzo.http.HttpServers;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a task's output through the master's {@code /files/read} contract, against a
 * stand-in that serves files a few bytes at a time.
 */
@ExtendWith(VertxExtension.class)
class TaskOutputTest {
  static final Map<String, String> FILES = Map.of(
      "t-1/stdout", "hello, w\u00f6rld\nsecond line\n",
      "t-1/stderr", "");

  private HttpServer server;
  private MasterClient client;

  @BeforeEach
  void start(Vertx vertx) {
    Router files = Router.router(vertx);
    files.get("/files/read").handler(context -> {
      String file = FILES.get(context.queryParams().get("task_id") + "/" + context.queryParams().get("path"));
      if (file == null) {
        HttpErrors.send(context, 404, "No such file");
        return;
      }
      byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
      int offset = Integer.parseInt(context.queryParams().get("offset"));
      int end = Math.min(bytes.length, offset + 7);
      // Chunks end on character boundaries, as a server that sends text must cut them.
      while (end < bytes.length && (bytes[end] & 0xc0) == 0x80) {
        end++;
      }
      String data = new String(bytes, Math.min(offset, bytes.length), Math.max(0, end - offset), StandardCharsets.UTF_8);
      context.json(new JsonObject().put("data", data).put("offset", offset));
    });
    server = Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0, List.of(router -> router.route().subRouter(files))));
    client = new MasterClient(vertx, new MasterAddress(LocalCluster.HOST, server.actualPort()));
  }

  @AfterEach
  void stop() {
    client.close();
    Await.result(server.close());
  }

  @Test
  void readsAFileChunkByChunkToItsEnd() {
    TaskOutput.Read stdout = Await.result(new TaskOutput(client, 1 << 20).read("t-1", "stdout"));
    assertEquals(FILES.get("t-1/stdout"), stdout.text());
    assertFalse(stdout.truncated());
    assertEquals("", Await.result(new TaskOutput(client, 1 << 20).read("t-1", "stderr")).text());
  }

  @Test
  void stopsAtItsBound() {
    TaskOutput.Read cut = Await.result(new TaskOutput(client, 10).read("t-1", "stdout"));
    assertTrue(cut.truncated());
    assertTrue(FILES.get("t-1/stdout").startsWith(cut.text()) && cut.text().length() <= 10, cut.text());
  }

  @Test
  void aMissingFileFailsWithTheMastersMessage() {
    Throwable error = Await.failure(new TaskOutput(client, 100).read("t-2", "stdout"));
    assertTrue(error instanceof CliException && error.getMessage().contains("No such file"), error.toString());
  }
}
