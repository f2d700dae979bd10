package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.http.HttpServers;
import io.mezzo.testing.Await;
import io.mezzo.testing.HttpScheduler;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the scheduler endpoint refuses before they reach the master, each with the status
 * and message a scheduler's author can act on; and a standby's redirect to the leader.
 */
@ExtendWith(VertxExtension.class)
class SchedulerHttpInputTest {
  private Vertx vertx;
  private HttpClient http;
  private HttpServer server;
  private volatile boolean leading = true;
  private volatile MasterInfo leaderInfo;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    LeaderView leader = new LeaderView() {
      @Override
      public boolean leading() {
        return leading;
      }

      @Override
      public MasterInfo leader() {
        return leaderInfo;
      }
    };
    server = Await.result(HttpServers.listen(vertx, LocalCluster.HOST, 0, List.of(new LeaderGate(leader), new SchedulerEndpoints(vertx, leader))));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Await.result(http.close());
    Await.result(server.close());
  }

  private HttpScheduler.Response post(String contentType, String body) {
    return HttpScheduler.postTo(server.actualPort(), contentType, null, Buffer.buffer(body));
  }

  private static String error(HttpScheduler.Response response) {
    return new JsonObject(response.body()).getString("error");
  }

  @Test
  void malformedJsonIsABadRequestThatNamesTheProblem() {
    // As in Mesos, a field the schema lacks is ignored: the call goes on to the master (none here: 503).
    HttpScheduler.Response unknownField = post("application/json", "{\"type\": \"SUBSCRIBE\", \"bogus_field\": 1}");
    assertEquals(503, unknownField.status(), unknownField.text());

    HttpScheduler.Response wrongKind = post("application/json", "{\"type\": \"SUBSCRIBE\", \"subscribe\": "
        + "{\"framework_info\": {\"user\": \"u\", \"name\": \"n\", \"failover_timeout\": \"soon\"}}}");
    assertEquals(400, wrongKind.status(), wrongKind.text());
    assertTrue(error(wrongKind).contains("soon"), wrongKind.text());

    HttpScheduler.Response syntax = post("application/json", "{\"type\": ");
    assertEquals(400, syntax.status());
    assertTrue(error(syntax).contains("Call"), syntax.text());

    HttpScheduler.Response badEnum = post("application/json", "{\"type\": \"SUBSCRIBE_PLEASE\"}");
    assertEquals(400, badEnum.status());
    assertTrue(error(badEnum).contains("known type"), badEnum.text());

    HttpScheduler.Response empty = post("application/json", "");
    assertEquals(400, empty.status());
    assertTrue(error(empty).contains("no body"), empty.text());

    HttpScheduler.Response deep = post("application/json", "[".repeat(200_000) + "]".repeat(200_000));
    assertEquals(400, deep.status(), deep.text());
  }

  @Test
  void invalidUtf8AndTrailingDataAreBadRequests() {
    String subscribe = "{\"type\": \"SUBSCRIBE\", \"subscribe\": {\"framework_info\": {\"user\": \"u\", \"name\": \"caf\u00e9\"}}}";
    HttpScheduler.Response latin1 = HttpScheduler.postTo(server.actualPort(), "application/json", null,
        Buffer.buffer(subscribe.getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(400, latin1.status(), latin1.text());
    assertTrue(error(latin1).contains("not valid UTF-8"), latin1.text());

    HttpScheduler.Response trailing = post("application/json", subscribe + " garbage");
    assertEquals(400, trailing.status(), trailing.text());
    assertTrue(error(trailing).contains("garbage"), trailing.text());
  }

  @Test
  void undecodableProtobufIsABadRequest() {
    HttpScheduler.Response garbage = HttpScheduler.postTo(server.actualPort(), "application/x-protobuf", null,
        Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}));
    assertEquals(400, garbage.status());
    assertTrue(error(garbage).contains("protobuf"), garbage.text());
  }

  @Test
  void mediaTypesAreChecked() {
    HttpScheduler.Response text = post("text/plain", "{}");
    assertEquals(415, text.status());
    assertTrue(error(text).contains("text/plain"), text.text());

    HttpScheduler.Response none = post(null, "{}");
    assertEquals(400, none.status());
    assertTrue(error(none).contains("Content-Type"), none.text());

    RequestOptions html = new RequestOptions().setMethod(HttpMethod.POST).setHost(LocalCluster.HOST)
        .setPort(server.actualPort()).setURI(HttpScheduler.PATH)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "text/html");
    int status = Await.result(http.request(html)
        .compose(r -> r.send("{\"type\": \"SUBSCRIBE\", \"subscribe\": {\"framework_info\": {\"user\": \"u\", \"name\": \"n\"}}}"))
        .map(r -> r.statusCode()));
    assertEquals(406, status);

    int get = Await.result(http.request(HttpMethod.GET, server.actualPort(), LocalCluster.HOST, HttpScheduler.PATH)
        .compose(r -> r.send()).map(r -> r.statusCode()));
    assertEquals(405, get);
  }

  @Test
  void oversizedBodiesAreRefused() {
    HttpScheduler.Response huge = post("application/json", "{\"type\": \"" + "x".repeat((int) HttpServers.MAX_BODY_BYTES) + "\"}");
    assertEquals(413, huge.status());
  }

  @Test
  void standbyRedirectsToTheLeaderOrSaysNoneIsKnown() {
    leading = false;
    HttpScheduler.Response unknown = post("application/json", "{\"type\": \"SUBSCRIBE\"}");
    assertEquals(503, unknown.status(), unknown.text());

    leaderInfo = MasterInfo.newBuilder().setHostname("leader.example").setPort(5055).build();
    HttpScheduler.Response redirect = post("application/json", "{\"type\": \"SUBSCRIBE\"}");
    assertEquals(307, redirect.status());
    assertEquals("http://leader.example:5055/api/v1/scheduler", redirect.headers().get("Location"));
  }
}
