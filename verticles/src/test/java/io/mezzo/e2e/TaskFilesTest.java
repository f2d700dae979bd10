package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.cli.client.MasterAddress;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.TaskFile;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task sandboxes over HTTP, through the agent and through the master, with real tasks, one
 * of which plants symlinks out of its sandbox: reads, listings, downloads, the task state
 * header, and a matrix of escapes that must all be refused without leaking a byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskFilesTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SMALL = "cpus:0.1;mem:16";
  /** Makes the files a person reads, and symlinks to /, to /etc/passwd and to another task's sandbox. */
  static final String PRINTER = "printf 'hello\\nworld\\n'; printf 'oops\\n' >&2; mkdir sub; echo nested > sub/file;"
      + " ln -s / escape; ln -s /etc/passwd pw; ln -s stdout good;"
      + " for i in $(seq 100); do [ -d ../../../other ] && break; sleep 0.05; done; ln -s ../../../other sib";

  /** About 190 KB of lines with two- and three-byte characters, so chunks end inside characters. */
  static final String BIG =
      "i=0; while [ $i -lt 10000 ]; do printf 'l\\303\\255nea-%d \\342\\202\\254\\n' $i; i=$((i+1)); done";

  Vertx vertx;
  LocalCluster cluster;
  TestFramework first;
  TestFramework second;
  HttpClient http;
  int agentPort;
  int masterPort;
  Path printerSandbox;
  Path otherSandbox;
  /** A file outside every sandbox, which task "linker" hard-links into its own. */
  Path outside;

  @BeforeAll
  void start(@TempDir Path dir) {
    vertx = Vertx.vertx();
    outside = dir.resolve("outside-secret");
    try {
      Files.writeString(outside, "outside-secret-text\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cluster = LocalCluster.start(vertx, dir, "cpus:4;mem:4096");
    agentPort = cluster.agent(0).httpPort();
    masterPort = cluster.master().httpPort();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    first = new TestFramework(vertx, "files-a");
    first.subscribe();
    Offer offer = first.nextOffer(WAIT);
    first.launch(offer, List.of(
        TestFramework.task("other", offer, "echo secret-other", SMALL),
        TestFramework.task("printer", offer, PRINTER, SMALL),
        TestFramework.task("sleeper", offer, "echo started; exec sleep 60", SMALL),
        TestFramework.task("twin", offer, "echo from-a", SMALL),
        TestFramework.task("big", offer, BIG, SMALL),
        // A hard link out, which no realpath check sees; and one inside, refused as well.
        TestFramework.task("linker", offer, "echo linked; ln '" + outside + "' hard && ln stdout twice", SMALL)), 60);
    second = new TestFramework(vertx, "files-b");
    second.subscribe();
    Offer rest = second.nextOffer(WAIT);
    second.launch(rest, List.of(TestFramework.task("twin", rest, "echo from-b", SMALL)), 60);
    first.awaitState("printer", TaskState.TASK_FINISHED, WAIT);
    first.awaitState("other", TaskState.TASK_FINISHED, WAIT);
    first.awaitState("twin", TaskState.TASK_FINISHED, WAIT);
    first.awaitState("sleeper", TaskState.TASK_RUNNING, WAIT);
    first.awaitState("big", TaskState.TASK_FINISHED, WAIT);
    first.awaitState("linker", TaskState.TASK_FINISHED, WAIT);
    second.awaitState("twin", TaskState.TASK_FINISHED, WAIT);
    printerSandbox = cluster.sandbox(0, "printer");
    otherSandbox = cluster.sandbox(0, "other");
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    Await.result(vertx.close());
  }

  record Reply(int status, String body, HttpResponse<String> response) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  Reply get(int port, String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body(), response);
  }

  String printer() {
    return "task_id=printer&framework_id=" + first.id().getValue();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void agentReadsAFinishedTasksStdoutByTaskOrByAbsolutePath() throws Exception {
    Reply byTask = get(agentPort, "/files/read?" + printer() + "&path=stdout");
    assertEquals(200, byTask.status(), byTask.body());
    assertEquals("hello\nworld\n", byTask.json().getString("data"));
    assertEquals(0L, byTask.json().getLong("offset"));
    assertEquals(12L, byTask.json().getLong("length"));

    Reply withoutFramework = get(agentPort, "/files/read.json?task_id=printer&path=stderr");
    assertEquals("oops\n", withoutFramework.json().getString("data"), withoutFramework.body());

    Reply absolute = get(agentPort, "/files/read?path=" + encode(printerSandbox.resolve("stdout").toString()));
    assertEquals("hello\nworld\n", absolute.json().getString("data"), absolute.body());

    assertEquals("nested\n", get(agentPort, "/files/read?" + printer() + "&path=sub/file").json().getString("data"));
    assertEquals("hello\nworld\n", get(agentPort, "/files/read?" + printer() + "&path=good").json().getString("data"),
        "a symlink that stays in the sandbox is followed");
  }

  @Test
  void readsHonourOffsetAndLength() throws Exception {
    JsonObject end = get(agentPort, "/files/read?" + printer() + "&path=stdout&offset=-1").json();
    assertEquals("", end.getString("data"));
    assertEquals(12L, end.getLong("offset"));
    JsonObject middle = get(agentPort, "/files/read?" + printer() + "&path=stdout&offset=6&length=3").json();
    assertEquals("wor", middle.getString("data"));
    assertEquals(6L, middle.getLong("offset"));
    JsonObject past = get(agentPort, "/files/read?" + printer() + "&path=stdout&offset=1000").json();
    assertEquals("", past.getString("data"));
    assertEquals(12L, past.getLong("offset"));
    JsonObject capped = get(agentPort, "/files/read?" + printer() + "&path=stdout&length=" + Long.MAX_VALUE).json();
    assertEquals("hello\nworld\n", capped.getString("data"));
  }

  @Test
  void badNumbersAndBadRequestsAre400() throws Exception {
    for (String query : List.of("offset=abc", "offset=-2", "length=-7", "offset=99999999999999999999999",
        "length=99999999999999999999", "length=1e30", "offset=1.5", "offset=0x10")) {
      Reply agent = get(agentPort, "/files/read?" + printer() + "&path=stdout&" + query);
      assertEquals(400, agent.status(), query + ": " + agent.body());
      assertTrue(agent.json().getString("error").contains(query.substring(0, query.indexOf('='))), agent.body());
      Reply master = get(masterPort, "/files/read?task_id=printer&path=stdout&" + query);
      assertEquals(400, master.status(), query + " through the master: " + master.body());
    }
    assertEquals(400, get(agentPort, "/files/read?task_id=../x&path=stdout").status());
    assertEquals(400, get(agentPort, "/files/read?" + printer() + "&path=stdout&path=stderr").status());
    assertEquals(400, get(agentPort, "/files/read?" + printer()).status(), "no path");
    assertEquals(400, get(masterPort, "/files/read?path=stdout").status(), "the master needs a task");
  }

  @Test
  void directoriesAndMissingFilesGiveClearErrors() throws Exception {
    Reply directory = get(agentPort, "/files/read?" + printer() + "&path=sub");
    assertEquals(400, directory.status());
    assertTrue(directory.json().getString("error").contains("directory"), directory.body());
    assertEquals(400, get(agentPort, "/files/download?" + printer() + "&path=sub").status());
    assertEquals(400, get(agentPort, "/files/browse?" + printer() + "&path=stdout").status());
    Reply missing = get(agentPort, "/files/read?" + printer() + "&path=missing");
    assertEquals(404, missing.status());
    assertTrue(missing.json().getString("error").contains("missing"), missing.body());
    assertEquals(404, get(agentPort, "/files/read?task_id=nope&path=stdout").status());
    Reply unknown = get(masterPort, "/files/read?task_id=nope&path=stdout");
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().getString("error").contains("nope"), unknown.body());
    assertNull(unknown.header("X-Mezzo-Task-State"));
  }

  @Test
  void browseListsTheSandboxLikeMesos() throws Exception {
    Reply reply = get(agentPort, "/files/browse?" + printer());
    assertEquals(200, reply.status(), reply.body());
    JsonArray entries = new JsonArray(reply.body());
    JsonObject stdout = entry(entries, "stdout");
    assertEquals(12L, stdout.getLong("size"));
    assertTrue(stdout.getString("mode").startsWith("-rw"), stdout.encode());
    for (String key : List.of("mtime", "nlink", "uid", "gid")) {
      assertTrue(stdout.containsKey(key), key + " in " + stdout.encode());
    }
    assertTrue(entry(entries, "sub").getString("mode").startsWith("d"));
    assertTrue(entry(entries, "escape").getString("mode").startsWith("l"), "symlinks are shown, not followed");

    JsonArray nested = new JsonArray(get(agentPort, "/files/browse?" + printer() + "&path=sub").body());
    assertEquals("sub/file", nested.getJsonObject(0).getString("path"));
    JsonArray absolute = new JsonArray(get(agentPort, "/files/browse?path=" + encode(printerSandbox.toString())).body());
    assertTrue(absolute.stream().anyMatch(e -> ((JsonObject) e).getString("path").equals(printerSandbox.resolve("stdout").toString())),
        absolute.encode());
  }

  static JsonObject entry(JsonArray entries, String path) {
    return entries.stream().map(JsonObject.class::cast).filter(e -> e.getString("path").equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + path + " in " + entries.encode()));
  }

  @Test
  void downloadStreamsTheFileAsAnAttachment() throws Exception {
    for (int port : new int[] {agentPort, masterPort}) {
      Reply reply = get(port, "/files/download?task_id=printer&path=stdout");
      assertEquals(200, reply.status(), reply.body());
      assertEquals("hello\nworld\n", reply.body());
      assertTrue(reply.header("Content-Disposition").contains("filename=\"stdout\""), reply.header("Content-Disposition"));
    }
  }

  @Test
  void theMasterRelaysTheAgentAndSaysTheTaskState() throws Exception {
    Reply read = get(masterPort, "/files/read?task_id=printer&path=stdout");
    assertEquals(200, read.status(), read.body());
    assertEquals("hello\nworld\n", read.json().getString("data"));
    assertEquals("TASK_FINISHED", read.header("X-Mezzo-Task-State"));

    Reply browse = get(masterPort, "/files/browse?task_id=printer&framework_id=" + first.id().getValue());
    assertEquals(200, browse.status(), browse.body());
    entry(new JsonArray(browse.body()), "stdout");

    Await.until("the sleeper's output", WAIT, () -> {
      try {
        return get(masterPort, "/files/read?task_id=sleeper&path=stdout").json().getString("data").equals("started\n");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("TASK_RUNNING", get(masterPort, "/files/read?task_id=sleeper&path=stdout&offset=-1").header("X-Mezzo-Task-State"));
  }

  @Test
  void aTaskIdInTwoFrameworksNeedsTheFramework() throws Exception {
    Reply ambiguous = get(masterPort, "/files/read?task_id=twin&path=stdout");
    assertEquals(409, ambiguous.status(), ambiguous.body());
    String error = ambiguous.json().getString("error");
    assertTrue(error.contains(first.id().getValue()) && error.contains(second.id().getValue()), error);
    assertEquals(409, get(agentPort, "/files/read?task_id=twin&path=stdout").status(), "the agent knows both too");
    Reply chosen = get(masterPort, "/files/read?task_id=twin&path=stdout&framework_id=" + second.id().getValue());
    assertEquals("from-b\n", chosen.json().getString("data"), chosen.body());
  }

  @Test
  void agentStateShowsFrameworksExecutorsAndSandboxes() throws Exception {
    JsonObject state = get(agentPort, "/state").json();
    assertEquals(cluster.agent(0).agentId(), state.getString("id"));
    assertEquals(agentPort, state.getInteger("port"));
    assertEquals(4.0, state.getJsonObject("resources").getDouble("cpus"));
    assertTrue(state.containsKey("hostname") && state.containsKey("attributes") && state.containsKey("master"), state.encode());
    JsonObject framework = state.getJsonArray("frameworks").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("id").equals(first.id().getValue())).findFirst().orElseThrow();
    JsonObject sleeper = executor(framework.getJsonArray("executors"), "sleeper");
    assertEquals(cluster.sandbox(0, "sleeper").toString(), sleeper.getString("directory"));
    assertEquals("TASK_RUNNING", sleeper.getJsonArray("tasks").getJsonObject(0).getString("state"));
    JsonObject printer = executor(framework.getJsonArray("completed_executors"), "printer");
    assertEquals(printerSandbox.toString(), printer.getString("directory"));
    assertEquals("TASK_FINISHED", printer.getJsonArray("completed_tasks").getJsonObject(0).getString("state"));
  }

  static JsonObject executor(JsonArray executors, String id) {
    return executors.stream().map(JsonObject.class::cast).filter(e -> e.getString("id").equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no executor " + id + " in " + executors.encode()));
  }

  /** Every way out of a sandbox we know of; each must be refused with a 4xx and show nothing. */
  @Test
  void noPathEscapesASandbox() throws Exception {
    String other = otherSandbox.getFileName().toString();
    List<String> relative = List.of(
        "../", "..", "..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "%2E%2e%2f", "sub/../../other", "../../../other/runs/" + other + "/stdout",
        "/etc/passwd", "escape/etc/passwd", "escape", "escape/", "pw", "sib", "sib/runs/" + other + "/stdout",
        "stdout%00", "%00", "sub%2f..%2f..%2f..");
    List<String> queries = new ArrayList<>();
    for (String path : relative) {
      for (String operation : List.of("read", "browse", "download")) {
        queries.add("/files/" + operation + "?task_id=printer&path=" + path);
      }
    }
    String sandbox = printerSandbox.toString();
    for (String path : List.of("/etc/passwd", "/", sandbox + "/../../../other/runs/" + other + "/stdout",
        sandbox + "%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fother", sandbox + "/escape/etc/passwd", sandbox + "/pw", sandbox + "/escape",
        sandbox + "/sib", cluster.agentDir(0) + "/meta/agent.id", cluster.agentDir(0).resolve("agents") + "/../meta")) {
      for (String operation : List.of("read", "browse", "download")) {
        queries.add("/files/" + operation + "?path=" + path);
      }
    }
    String passwd = Files.readString(Path.of("/etc/passwd"));
    String firstLine = passwd.lines().findFirst().orElse("root:");
    for (String query : queries) {
      List<Reply> replies = new ArrayList<>(List.of(get(agentPort, query)));
      if (query.contains("task_id=")) {
        replies.add(get(masterPort, query));
      }
      for (Reply reply : replies) {
        String what = query + " -> " + reply.status() + " " + reply.body();
        assertTrue(reply.status() >= 400 && reply.status() < 500, what);
        assertFalse(reply.body().contains(firstLine) || reply.body().contains("secret-other"), what);
        assertTrue(reply.json().containsKey("error"), what);
      }
    }
    // The agent's own files stay the agent's.
    try (Stream<Path> meta = Files.list(cluster.agentDir(0).resolve("meta"))) {
      assertTrue(meta.findAny().isPresent());
    }
  }

  @Test
  void hardLinksAreNotServed() throws Exception {
    String linker = cluster.sandbox(0, "linker").toString();
    List<String> queries = new ArrayList<>();
    for (String operation : List.of("read", "download")) {
      queries.add("/files/" + operation + "?task_id=linker&path=hard");
      queries.add("/files/" + operation + "?task_id=linker&path=twice");
      queries.add("/files/" + operation + "?path=" + encode(linker + "/hard"));
    }
    for (String query : queries) {
      List<Reply> replies = new ArrayList<>(List.of(get(agentPort, query)));
      if (query.contains("task_id=")) {
        replies.add(get(masterPort, query));
      }
      for (Reply reply : replies) {
        String what = query + " -> " + reply.status() + " " + reply.body();
        assertEquals(403, reply.status(), what);
        assertTrue(reply.json().getString("error").contains("hard links"), what);
        assertFalse(reply.body().contains("outside-secret-text"), what);
      }
    }
    assertEquals("outside-secret-text\n", Files.readString(outside), "the linked file is untouched");
    // A listing shows the link for what it is; the task's other files are served as usual.
    Reply browse = get(agentPort, "/files/browse?task_id=linker");
    assertEquals(200, browse.status(), browse.body());
    assertTrue(browse.body().contains("\"nlink\":2"), browse.body());
    Reply stdout = get(agentPort, "/files/read?task_id=linker&path=stdout");
    assertEquals(403, stdout.status(), "stdout has a second name too: " + stdout.body());
  }

  @Test
  void chunkedReadsAndTailsNeverBreakACharacter() throws Exception {
    String content = Files.readString(cluster.sandbox(0, "big").resolve("stdout"), StandardCharsets.UTF_8);
    assertTrue(content.startsWith("línea-0 €\n"), content.substring(0, Math.min(40, content.length())));
    StringBuilder read = new StringBuilder();
    long offset = 0;
    while (true) {
      JsonObject chunk = get(agentPort, "/files/read?task_id=big&path=stdout&length=1000&offset=" + offset).json();
      if (chunk.getLong("length") == 0) {
        break;
      }
      assertFalse(chunk.getString("data").contains("\uFFFD"), chunk.encode());
      read.append(chunk.getString("data"));
      offset = chunk.getLong("offset") + chunk.getLong("length");
    }
    assertEquals(content, read.toString());

    JsonObject inside = get(agentPort, "/files/read?task_id=big&path=stdout&length=10&offset=" + (content.indexOf('€') + 1)).json();
    assertFalse(inside.getString("data").contains("\uFFFD"), "a read from inside a character skips to the next one");

    MasterClient client = new MasterClient(vertx, new MasterAddress("127.0.0.1", masterPort));
    try {
      TaskFile.Tail tail = new TaskFile(client, "big", null, "stdout").tail(8000);
      List<String> lines = content.lines().toList();
      assertEquals(String.join("\n", lines.subList(lines.size() - 8000, lines.size())) + "\n", tail.text());
      assertEquals(content.getBytes(StandardCharsets.UTF_8).length, tail.end());
    } finally {
      client.close();
    }
  }
}
