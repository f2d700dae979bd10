package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.TaskProcesses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler in a JVM of its own is killed with {@code kill -9}: the master keeps its tasks
 * for its failover timeout, hands them back (with the updates it missed, and offers again) to
 * the scheduler that re-subscribes with the same framework ID, and kills them once the timeout ends with
 * nobody back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerFailoverTest {
  static final Pattern SUBSCRIBED = Pattern.compile("^subscribed (\\S+)");
  static final Pattern FAILED = Pattern.compile("^subscribe failed");
  static final Duration WAIT = Duration.ofSeconds(60);

  ProcessCluster cluster;
  ProcessCluster.AgentProcess agent;
  final List<MezzoProcess> schedulers = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    cluster = new ProcessCluster(dir);
    agent = cluster.startAgent("failover-agent", "cpus:4;mem:2048;disk:1024");
  }

  @AfterAll
  void stop() {
    schedulers.forEach(MezzoProcess::close);
    if (cluster != null) {
      cluster.close();
      TaskProcesses.killAll(agent.workDir());
    }
  }

  @Test
  void schedulerBackWithinItsFailoverTimeoutGetsItsTasksBack() throws Exception {
    MezzoProcess first = scheduler("scheduler-first", 60, "-", "long=sleep 600", "short=sleep 4");
    String frameworkId = frameworkId(first);
    awaitPrinted(first, "update long TASK_RUNNING");
    awaitPrinted(first, "update short TASK_RUNNING");
    first.kill9();

    // The short task ends while nobody listens; its update waits for the scheduler.
    Await.until("the short task finished at the master", WAIT, () -> "TASK_FINISHED".equals(taskState("short")));
    assertEquals("TASK_RUNNING", taskState("long"), "a disconnected framework keeps its tasks");

    MezzoProcess second = scheduler("scheduler-second", 60, frameworkId);
    assertEquals(frameworkId, frameworkId(second));
    awaitPrinted(second, "update long TASK_RUNNING REASON_RECONCILIATION");
    awaitPrinted(second, "update short TASK_FINISHED");
    awaitPrinted(second, "offer " + agent.id());
    assertTrue(TaskProcesses.taskPid(TaskProcesses.sandbox(agent.workDir(), "long")) > 0);
  }

  @Test
  void schedulerBackAfterItsFailoverTimeoutFindsItsTasksKilled() throws Exception {
    MezzoProcess first = scheduler("scheduler-gone", 3, "-", "doomed=sleep 600");
    String frameworkId = frameworkId(first);
    awaitPrinted(first, "update doomed TASK_RUNNING");
    long pid = TaskProcesses.taskPid(TaskProcesses.sandbox(agent.workDir(), "doomed"));
    first.kill9();

    Await.until("the task killed after the failover timeout", WAIT, () -> "TASK_KILLED".equals(taskState("doomed")));
    Await.until("the task's processes gone", WAIT, () -> TaskProcesses.groupMembers(pid).isEmpty());
    JsonArray removed = cluster.getJson(0, "/master/state").getJsonArray("completed_frameworks");
    assertTrue(removed.stream().map(JsonObject.class::cast).anyMatch(f -> f.getString("id").equals(frameworkId)),
        "the framework is removed: " + removed);

    MezzoProcess late = scheduler("scheduler-late", 3, frameworkId);
    assertTrue(late.printed(FAILED), "a removed framework cannot come back: " + late.output());
    assertEquals(3, late.awaitExit(WAIT));
  }

  /** Starts a scheduler process and waits until it subscribed or was refused. */
  private MezzoProcess scheduler(String name, int failoverSeconds, String frameworkId, String... tasks) throws IOException {
    List<String> args = new ArrayList<>(cluster.frameworkArgs());
    args.add(Integer.toString(failoverSeconds));
    args.add(frameworkId);
    args.addAll(List.of(tasks));
    MezzoProcess scheduler = MezzoProcess.startMain(name, Pattern.compile("^subscribe"), FailoverScheduler.class, args);
    schedulers.add(scheduler);
    return scheduler;
  }

  private static String frameworkId(MezzoProcess scheduler) {
    Matcher m = SUBSCRIBED.matcher(scheduler.readyLine());
    if (!m.find()) {
      throw new AssertionError(scheduler + " did not subscribe: " + scheduler.readyLine());
    }
    return m.group(1);
  }

  private static void awaitPrinted(MezzoProcess scheduler, String line) {
    Await.until(scheduler + " printed '" + line + "'", WAIT,
        () -> scheduler.output().stream().anyMatch(l -> l.startsWith(line)));
  }

  /** The task's state at the master (active or completed), or null. */
  private String taskState(String taskId) {
    try {
      JsonObject state = cluster.getJson(0, "/master/state");
      for (JsonObject framework : frameworks(state)) {
        for (String list : List.of("tasks", "completed_tasks")) {
          for (Object task : framework.getJsonArray(list, new JsonArray())) {
            JsonObject t = (JsonObject) task;
            if (t.getString("id").equals(taskId)) {
              return t.getString("state");
            }
          }
        }
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static List<JsonObject> frameworks(JsonObject state) {
    List<JsonObject> all = new ArrayList<>();
    for (String list : List.of("frameworks", "completed_frameworks")) {
      state.getJsonArray(list, new JsonArray()).forEach(f -> all.add((JsonObject) f));
    }
    return all;
  }
}
