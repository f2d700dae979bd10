package io.mezzo.master.http;

import static io.mezzo.master.http.OperatorEndpointsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.mezzo.http.ProtoJson;
import io.mezzo.testing.Http;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** LIST_FILES and READ_FILE: the master's log file at /master/log, read safely, and nothing else. */
@ExtendWith(VertxExtension.class)
class OperatorFilesTest {
  static final String PROTOBUF = "application/x-protobuf";

  private static JsonObject call(String type, JsonObject body) {
    return body.put("type", type);
  }

  private static JsonObject readFile(String path, long offset, Long length) {
    JsonObject read = new JsonObject().put("path", path).put("offset", offset);
    if (length != null) {
      read.put("length", length);
    }
    return call("READ_FILE", new JsonObject().put("read_file", read));
  }

  /** Makes logback write this JVM's log to {@code file} too, as an operator's configuration would. */
  private static FileAppender<ILoggingEvent> logTo(Path file) {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(logging);
    encoder.setPattern("%msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(logging);
    appender.setName("test-file");
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.start();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  private static void stopLogging(FileAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    appender.stop();
  }

  @Test
  void theLogFileIsListedAndReadAndNothingElseIs(Vertx vertx, @TempDir Path dir) throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path log = logs.resolve("mezzo-master.log");
    FileAppender<ILoggingEvent> appender = logTo(log);
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http http = new Http(cluster.master().httpPort());
      String marker = "marker-" + UUID.randomUUID();
      LoggerFactory.getLogger(OperatorFilesTest.class).warn(marker);

      JsonObject listing = http.postJson("/api/v1", call("LIST_FILES",
          new JsonObject().put("list_files", new JsonObject().put("path", "/master")))).json();
      JsonObject info = listing.getJsonObject("list_files").getJsonArray("file_infos").getJsonObject(0);
      assertEquals("/master/log", info.getString("path"), listing.encode());
      assertTrue(Long.parseLong(info.getString("size")) > 0, info.encode());
      assertEquals(1, info.getInteger("nlink"));

      byte[] whole = Files.readAllBytes(log);
      Http.Reply read = http.post("/api/v1", PROTOBUF, Call.newBuilder().setType(Call.Type.READ_FILE)
          .setReadFile(Call.ReadFile.newBuilder().setPath("/master/log").setOffset(0)).build().toByteArray(), null);
      Response.ReadFile chunk = Response.parseFrom(read.body()).getReadFile();
      assertTrue(chunk.getSize() >= whole.length);
      assertTrue(chunk.getData().toString(StandardCharsets.UTF_8).contains(marker), "the log holds what was logged");

      Response tail = ProtoJson.parse(http.postJson("/api/v1", readFile("/master/log", 2, 3L)).text(),
          Response.newBuilder()).build();
      assertEquals(new String(whole, 2, 3, StandardCharsets.UTF_8), tail.getReadFile().getData().toString(StandardCharsets.UTF_8),
          "JSON carries the bytes in base64");
      JsonObject past = http.postJson("/api/v1", readFile("/master/log", 1L << 40, null)).json().getJsonObject("read_file");
      assertTrue(past.getString("data", "").isEmpty(), "past the end, no bytes: " + past.encode());

      assertError(404, http.postJson("/api/v1", readFile("/etc/passwd", 0, null)));
      assertError(400, http.postJson("/api/v1", readFile("/master/../master/log", 0, null)));
      assertError(400, http.postJson("/api/v1", call("READ_FILE", new JsonObject().put("read_file",
          new JsonObject().put("path", "/master/log")))));

      // A second name of the log file could lie anywhere: the file opened is refused.
      Files.createLink(logs.resolve("second-name"), log);
      assertError(403, http.postJson("/api/v1", readFile("/master/log", 0, null)));
    } finally {
      stopLogging(appender);
    }
  }

  @Test
  void withoutALogFileNothingIsAttached(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:1;mem:512")) {
      Http http = new Http(cluster.master().httpPort());
      String error = assertError(404, http.postJson("/api/v1", readFile("/master/log", 0, null)));
      assertTrue(error.contains("no log file"), error);
      assertError(404, http.postJson("/api/v1", call("LIST_FILES",
          new JsonObject().put("list_files", new JsonObject().put("path", "/master")))));
    }
  }
}
