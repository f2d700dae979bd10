package io.mezzo.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.Leadership;
import io.mezzo.state.StateStoreFactory;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.v1.Address;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.LeaderRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master that does not lead sends clients to the leader, and never to itself: the leader
 * record it published in an earlier term can outlive that term, and a redirect to its own
 * address would loop. With no other leader known it answers 503 with a JSON body.
 */
class StandbyRedirectTest {
  @TempDir Path dir;
  Vertx vertx;
  MasterNode standby;
  final AtomicReference<MasterInfo> published = new AtomicReference<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    MasterConfig config = MasterConfig.fromJson(LocalCluster.fastMaster(dir));
    standby = new MasterNode(vertx, config, LocalCluster.HOST, new NeverElected(), StateStoreFactory.none(),
        () -> published.get() == null ? null : LeaderRecord.newBuilder().setInfo(published.get()).build());
    Await.result(standby.start());
  }

  @AfterEach
  void stop() {
    Await.result(standby.stop().eventually(() -> vertx.close()));
  }

  @Test
  void aStandbyNamedInTheLeaderRecordAnswers503() throws Exception {
    published.set(master(LocalCluster.HOST, standby.httpPort()));
    for (String path : new String[] {"/master/state", "/master/redirect", "/api/v1/scheduler"}) {
      HttpResponse<String> response = get(path);
      assertEquals(503, response.statusCode(), path + " answered " + response.headers().map());
      assertEquals(503, new JsonObject(response.body()).getInteger("status"), path + ": " + response.body());
    }
  }

  @Test
  void aStandbyRedirectsToAnotherLeader() throws Exception {
    published.set(master("127.0.0.2", 5050));
    HttpResponse<String> response = get("/master/state");
    assertEquals(307, response.statusCode());
    assertEquals("http://127.0.0.2:5050/master/state", response.headers().firstValue("Location").orElse(""));
    assertEquals(307, get("/master/redirect").statusCode());
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LocalCluster.HOST + ":" + standby.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static MasterInfo master(String ip, int port) {
    return MasterInfo.newBuilder().setId("earlier-term").setHostname(ip).setPort(port).setPid("master@" + ip)
        .setAddress(Address.newBuilder().setHostname(ip).setIp(ip).setPort(port)).build();
  }

  /** A contender that loses every election: the node stays a standby. */
  private static final class NeverElected implements LeaderContender {
    private final Promise<Leadership> never = Promise.promise();

    @Override
    public Future<Leadership> contend() {
      return never.future();
    }

    @Override
    public Future<Void> withdraw() {
      return Future.succeededFuture();
    }
  }
}
