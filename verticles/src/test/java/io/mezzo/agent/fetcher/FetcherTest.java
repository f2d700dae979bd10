package io.mezzo.agent.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.config.ConfigReader;
import io.mezzo.testing.Await;
import io.mezzo.v1.CommandInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a local HTTP server that counts its requests. */
@ExtendWith(VertxExtension.class)
class FetcherTest {
  @TempDir
  Path dir;
  Vertx vertx;
  HttpServer server;
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  byte[] app;

  @BeforeEach
  void serve(Vertx vertx) {
    this.vertx = vertx;
    app = TestArchives.tarGz().file("app/run.sh", "#!/bin/sh\necho fetched\n", 0755).bytes();
    server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      requests.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
      switch (request.path()) {
        case "/app.tgz" -> request.response().end(Buffer.buffer(app));
        case "/moved/app.tgz" -> request.response().setStatusCode(302).putHeader("Location", "/app.tgz").end();
        case "/tool" -> request.response().end("#!/bin/sh\necho tool\n");
        case "/big" -> request.response().end(Buffer.buffer(new byte[4096]));
        case "/chunked-big" -> {
          request.response().setChunked(true);
          for (int i = 0; i < 8; i++) {
            request.response().write(Buffer.buffer(new byte[1024]));
          }
          request.response().end();
        }
        case "/stall" -> request.response().setChunked(true).write("x");
        case "/slip.tgz" -> request.response().end(Buffer.buffer(TestArchives.tarGz().file("../escaped", "x", 0644).bytes()));
        default -> request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(server.close());
  }

  private Fetcher fetcher(JsonObject overrides) {
    JsonObject json = new JsonObject().put("fetcher_cache_dir", dir.resolve("cache").toString())
        .put("fetcher_max_size", "2KB").put("fetcher_timeout", "20s").put("fetcher_stall_timeout", "3s")
        .mergeIn(overrides);
    Fetcher fetcher = new Fetcher(vertx, FetcherConfig.read(new ConfigReader("agent", json), dir));
    Await.result(fetcher.start());
    return fetcher;
  }

  private Fetcher fetcher() {
    return fetcher(new JsonObject());
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  private static CommandInfo.URI.Builder uri(String value) {
    return CommandInfo.URI.newBuilder().setValue(value);
  }

  private String failure(Fetcher fetcher, CommandInfo.URI.Builder uri, Path sandbox) {
    return Await.failure(fetcher.fetch(List.of(uri.build()), sandbox)).getMessage();
  }

  @Test
  void anArchiveIsDownloadedExtractedAndKeptWithItsProgressInStderr() throws IOException {
    Path sandbox = dir.resolve("s1");
    Await.result(fetcher(new JsonObject().put("fetcher_max_size", "1MB")).fetch(List.of(uri(url("/moved/app.tgz")).build()), sandbox));
    assertEquals("#!/bin/sh\necho fetched\n", Files.readString(sandbox.resolve("app/run.sh")));
    assertTrue(Files.isExecutable(sandbox.resolve("app/run.sh")));
    assertTrue(Files.exists(sandbox.resolve("app.tgz")), "as Mesos, the archive stays next to what it held");
    String stderr = Files.readString(sandbox.resolve("stderr"));
    assertTrue(stderr.contains("mezzo-fetcher: Fetching '" + url("/moved/app.tgz") + "'"), stderr);
    assertTrue(stderr.contains("Extracted 'app.tgz' into the sandbox"), stderr);
  }

  @Test
  void executableAndOutputFileAndLocalFilesAsMesosDoes() throws IOException {
    Path local = Files.writeString(dir.resolve("local.txt"), "local\n");
    Path sandbox = dir.resolve("s1");
    Await.result(fetcher().fetch(List.of(
        uri(url("/tool")).setExecutable(true).setOutputFile("bin/tool").build(),
        uri("file://" + local).build(),
        uri(local.toString()).setOutputFile("copy.txt").setExtract(true).build()), sandbox));
    assertTrue(Files.isExecutable(sandbox.resolve("bin/tool")));
    assertEquals("local\n", Files.readString(sandbox.resolve("local.txt")));
    assertEquals("local\n", Files.readString(sandbox.resolve("copy.txt")));
  }

  @Test
  void aCachedUriIsDownloadedOnceEvenAcrossRestarts() throws IOException {
    JsonObject big = new JsonObject().put("fetcher_max_size", "1MB");
    Fetcher fetcher = fetcher(big);
    for (String task : List.of("s1", "s2")) {
      Await.result(fetcher.fetch(List.of(uri(url("/app.tgz")).setCache(true).build()), dir.resolve(task)));
      assertEquals("#!/bin/sh\necho fetched\n", Files.readString(dir.resolve(task).resolve("app/run.sh")));
      // A cached archive is unpacked from the cache: no copy of it in the sandbox.
      assertFalse(Files.exists(dir.resolve(task).resolve("app.tgz")));
    }
    assertEquals(1, requests.get("/app.tgz").get());
    Await.result(fetcher.close());

    Fetcher restarted = fetcher(big);
    Await.result(restarted.fetch(List.of(uri(url("/app.tgz")).setCache(true).build()), dir.resolve("s3")));
    assertEquals(1, requests.get("/app.tgz").get());
    assertTrue(Files.readString(dir.resolve("s3/stderr")).contains("in the cache"));
  }

  @Test
  void concurrentTasksShareOneDownload() {
    Fetcher fetcher = fetcher(new JsonObject().put("fetcher_max_size", "1MB"));
    var first = fetcher.fetch(List.of(uri(url("/app.tgz")).setCache(true).build()), dir.resolve("s1"));
    var second = fetcher.fetch(List.of(uri(url("/app.tgz")).setCache(true).build()), dir.resolve("s2"));
    Await.result(first);
    Await.result(second);
    assertEquals(1, requests.get("/app.tgz").get());
  }

  @Test
  void theCacheKeepsToItsSizeEvictingTheLeastRecentlyUsed() throws IOException {
    Fetcher fetcher = fetcher(new JsonObject().put("fetcher_cache_size", "6KB").put("fetcher_max_size", "1MB"));
    Await.result(fetcher.fetch(List.of(uri(url("/big")).setCache(true).build()), dir.resolve("s1")));
    Await.result(fetcher.fetch(List.of(uri(url("/chunked-big")).setCache(true).build()), dir.resolve("s2")));
    // 8 KiB does not fit a 6 KiB cache: used without caching, and /big stays.
    Await.result(fetcher.fetch(List.of(uri(url("/chunked-big")).setCache(true).build()), dir.resolve("s3")));
    assertEquals(2, requests.get("/chunked-big").get());
    Await.result(fetcher.fetch(List.of(uri(url("/big")).setCache(true).build()), dir.resolve("s4")));
    assertEquals(1, requests.get("/big").get());
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      assertEquals(List.of(FetchCache.key(url("/big"))), files.map(f -> f.getFileName().toString()).toList());
    }
    Await.result(fetcher.fetch(List.of(uri(url("/tool")).setCache(true).build()), dir.resolve("s5")));
    Await.result(fetcher.fetch(List.of(uri(url("/app.tgz")).setCache(true).build()), dir.resolve("s6")));
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      long bytes = files.mapToLong(f -> f.toFile().length()).sum();
      assertTrue(bytes <= 6 * 1024, "cache holds " + bytes + " bytes");
    }
  }

  @Test
  void failuresNameTheUriAndWhy() throws IOException {
    Fetcher fetcher = fetcher();
    Path sandbox = dir.resolve("s1");
    assertEquals("Failed to fetch '" + url("/nothing") + "': received HTTP return code 404",
        failure(fetcher, uri(url("/nothing")), sandbox));
    assertEquals("Failed to fetch '" + url("/big") + "': it is 4096 bytes, more than fetcher_max_size (2048)",
        failure(fetcher, uri(url("/big")), sandbox));
    assertEquals("Failed to fetch '" + url("/chunked-big") + "': it is more than fetcher_max_size (2048 bytes)",
        failure(fetcher, uri(url("/chunked-big")).setCache(true), sandbox));
    assertTrue(failure(fetcher, uri(url("/stall")), sandbox).startsWith("Failed to fetch '" + url("/stall") + "': "));
    int closed = closedPort();
    String refused = failure(fetcher, uri("http://127.0.0.1:" + closed + "/app.tgz"), sandbox);
    assertTrue(refused.startsWith("Failed to fetch 'http://127.0.0.1:" + closed + "/app.tgz': "), refused);
    assertEquals("Failed to fetch '/no/such/file': /no/such/file is not a file on the agent",
        failure(fetcher, uri("/no/such/file"), sandbox));
    assertEquals("Failed to fetch 'relative': URI 'relative' is a relative path; give an absolute path or a URL",
        failure(fetcher, uri("relative"), sandbox));
    assertTrue(Files.readString(sandbox.resolve("stderr")).contains("received HTTP return code 404"));
  }

  @Test
  void anArchiveEscapingTheSandboxFailsTheFetch() {
    Fetcher fetcher = fetcher(new JsonObject().put("fetcher_max_size", "1MB"));
    assertEquals("Failed to fetch '" + url("/slip.tgz") + "': archive entry '../escaped' points outside the sandbox",
        failure(fetcher, uri(url("/slip.tgz")), dir.resolve("s1")));
    assertFalse(Files.exists(dir.resolve("escaped")));
  }

  @Test
  void configKeysAreCheckedAndNamed() {
    FetcherConfig defaults = FetcherConfig.read(new ConfigReader("agent", new JsonObject()), dir);
    assertEquals(dir.resolve("fetcher-cache"), defaults.cacheDir());
    assertEquals(2L << 30, defaults.cacheSize());
    assertEquals(Duration.ofMinutes(10), defaults.timeout());
    assertEquals(512L << 20, FetcherConfig.read(new ConfigReader("agent",
        new JsonObject().put("fetcher_max_size", "512MB")), dir).maxSize());
    assertEquals("invalid config agent.fetcher_cache_size: must be a size such as 512MB or 2GB, not 'lots'",
        org.junit.jupiter.api.Assertions.assertThrows(io.mezzo.config.ConfigException.class,
            () -> FetcherConfig.read(new ConfigReader("agent", new JsonObject().put("fetcher_cache_size", "lots")), dir))
            .getMessage());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
