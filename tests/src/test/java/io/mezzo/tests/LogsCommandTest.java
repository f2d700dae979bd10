package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskState;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code mezzo logs} against a real {@code mezzo local}, with tasks launched by a framework
 * that joins the cluster as a lite member, as a newcomer's first framework would.
 */
@ExtendWith(MezzoLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsCommandTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String SMALL = "cpus:0.1;mem:16";

  Vertx vertx;
  TestFramework framework;

  /** The framework, joined and subscribed on first use. */
  TestFramework framework(MezzoLocal local) throws Exception {
    if (framework == null) {
      vertx = local.joinAsLiteMember();
      framework = new TestFramework(vertx, "logs-test");
      framework.subscribe();
    }
    return framework;
  }

  /** Launches a task of a fresh ID on the next offer and returns the ID. */
  String launch(MezzoLocal local, String prefix, String command) throws Exception {
    TestFramework framework = framework(local);
    String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Offer offer = framework.nextOffer(WAIT);
    framework.launch(offer, List.of(TestFramework.task(id, offer, command, SMALL)), 0);
    return id;
  }

  @AfterAll
  void stop() {
    if (framework != null) {
      Await.result(framework.client().teardown());
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  @Test
  void followPrintsEveryLineInOrderAndEndsWithTheTask(MezzoLocal local) throws Exception {
    // Ten lines, one every 300 ms: three seconds of output.
    String id = launch(local, "ticker", "for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; sleep 0.3; done");
    long started = System.nanoTime();
    MezzoCli.Result result = local.cli(WAIT, "logs", "-f", id);
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> "line-" + i).toList(), result.stdout().lines().toList(),
        result.toString());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2500, "it followed the task, not a finished file");
    assertEquals(TaskState.TASK_FINISHED, framework.awaitState(id, TaskState.TASK_FINISHED, WAIT).getState());
  }

  @Test
  void tailPrintsTheLastLinesAndStderrOnRequest(MezzoLocal local) throws Exception {
    String id = launch(local, "lines", "printf 'a\\nb\\nc\\nd\\n'; echo problem >&2");
    framework.awaitState(id, TaskState.TASK_FINISHED, WAIT);

    MezzoCli.Result tail = local.cli(WAIT, "logs", "--tail", "2", id);
    assertEquals(0, tail.exitCode(), tail.toString());
    assertEquals("c\nd\n", tail.stdout(), tail.toString());

    MezzoCli.Result all = local.cli(WAIT, "logs", id);
    assertEquals("a\nb\nc\nd\n", all.stdout(), all.toString());

    MezzoCli.Result stderr = local.cli(WAIT, "logs", "--stderr", "--framework", framework.id().getValue(), id);
    assertEquals("problem\n", stderr.stdout(), stderr.toString());
  }

  @Test
  void anUnknownTaskIsOneClearLine(MezzoLocal local) throws Exception {
    MezzoCli.Result result = local.cli(WAIT, "logs", "no-such-task");
    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("", result.stdout(), result.toString());
    List<String> lines = result.stderr().lines().toList();
    assertEquals(1, lines.size(), result.toString());
    assertTrue(lines.get(0).startsWith("mezzo: ") && lines.get(0).contains("no-such-task"), result.toString());
  }
}
