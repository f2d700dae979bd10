package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.fetcher.TestArchives;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher end to end: a tar.gz served by a local HTTP server (which counts its requests)
 * is fetched, unpacked and its script run by the task; a second task with {@code cache}
 * makes no second request; an archive that escapes its sandbox and an unreachable URI each
 * end their task TASK_FAILED, with a message naming the URI.
 */
@ExtendWith(VertxExtension.class)
class FetcherEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(Long.getLong("mezzo.test.wait.seconds", 60));

  /**
   * Launches a task fetching {@code uri} on the next offer; an offer that went stale meanwhile
   * (the allocator re-offers what a finished task freed) is skipped for the next.
   */
  private static void launch(TestFramework framework, String id, String command, CommandInfo.URI uri) {
    for (int attempt = 1; ; attempt++) {
      Offer offer = framework.nextOffer(WAIT);
      TaskInfo task = TestFramework.task(id, offer, command, "cpus:0.2;mem:32");
      try {
        framework.launch(offer, List.of(task.toBuilder().setCommand(task.getCommand().toBuilder().addUris(uri)).build()), 0);
        return;
      } catch (AssertionError stale) {
        if (attempt == 5 || !String.valueOf(stale.getMessage()).contains("not outstanding")) {
          throw stale;
        }
      }
    }
  }

  @Test
  void archivesAreFetchedUnpackedRunAndCachedAndBadOnesFailTheirTask(Vertx vertx, @TempDir Path dir) throws IOException {
    AtomicInteger appRequests = new AtomicInteger();
    byte[] app = TestArchives.tarGz().file("app/run.sh", "#!/bin/sh\necho \"hello from the archive in $PWD\"\n", 0755).bytes();
    byte[] slip = TestArchives.tarGz().file("../../escaped.sh", "echo gotcha\n", 0755).bytes();
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      switch (request.path()) {
        case "/app.tar.gz" -> {
          appRequests.incrementAndGet();
          request.response().end(Buffer.buffer(app));
        }
        case "/slip.tar.gz" -> request.response().end(Buffer.buffer(slip));
        default -> request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + server.actualPort();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "fetching");
      framework.subscribe();
      CommandInfo.URI cached = CommandInfo.URI.newBuilder().setValue(base + "/app.tar.gz").setExtract(true).setCache(true).build();
      launch(framework, "first", "./app/run.sh", cached);
      framework.awaitState("first", TaskState.TASK_FINISHED, WAIT);
      Path sandbox = cluster.sandbox(0, "first");
      String stdout = Files.readString(sandbox.resolve("stdout"));
      assertTrue(stdout.contains("hello from the archive in " + sandbox.toRealPath()), stdout);
      String stderr = Files.readString(sandbox.resolve("stderr"));
      assertTrue(stderr.contains("mezzo-fetcher: Fetching '" + base + "/app.tar.gz' through the cache"), stderr);
      assertEquals(1, appRequests.get());

      launch(framework, "second", "./app/run.sh", cached);
      framework.awaitState("second", TaskState.TASK_FINISHED, WAIT);
      assertEquals(1, appRequests.get(), "the second task used the agent's cache");
      assertTrue(Files.readString(cluster.sandbox(0, "second").resolve("stdout")).contains("hello from the archive"));

      int closed;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = socket.getLocalPort();
      }
      String unreachable = "http://127.0.0.1:" + closed + "/app.tar.gz";
      launch(framework, "slip", "true", CommandInfo.URI.newBuilder().setValue(base + "/slip.tar.gz").build());
      TaskStatus slipped = framework.awaitState("slip", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, slipped.getReason());
      assertEquals("Failed to fetch '" + base + "/slip.tar.gz': archive entry '../../escaped.sh' points outside the"
          + " sandbox", slipped.getMessage());
      launch(framework, "unreachable", "true", CommandInfo.URI.newBuilder().setValue(unreachable).build());
      TaskStatus failed = framework.awaitState("unreachable", TaskState.TASK_FAILED, WAIT);
      assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, failed.getReason());
      assertTrue(failed.getMessage().startsWith("Failed to fetch '" + unreachable + "': "), failed.getMessage());
      Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());
    } finally {
      Await.result(server.close());
    }
  }
}
