package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.MasterQueries;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Mesos v1 executor written in Python with the standard library only, knowing nothing of
 * Mezzo ({@code executors/echo_executor.py}), run by a real agent process from a framework's
 * ExecutorInfo: it subscribes over {@code POST /api/v1/executor}, runs the tasks launched for
 * it, exchanges framework messages with the scheduler, survives a {@code kill -9} of its
 * agent by subscribing again (with tasks or none left; one that died meanwhile is reported),
 * and is shut down with its framework.
 */
class CustomExecutorProcessTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String RESOURCES = "cpus:2;mem:1024;disk:1024";
  static final String EXECUTOR = "echo";
  static final String EXECUTOR_RESOURCES = "cpus:0.1;mem:64";

  @TempDir Path dir;

  @Test
  void pythonExecutorRunsTasksExchangesMessagesAndEndsWithItsFramework() throws Exception {
    Path script = script();
    try (ProcessCluster cluster = new ProcessCluster(dir)) {
      ProcessCluster.AgentProcess agent = cluster.startAgent("agent", RESOURCES);
      try {
        Vertx vertx = cluster.frameworkVertx();
        Await.until("agent registered", WAIT, () -> MasterQueries.agent(vertx, agent.id()) != null);
        TestFramework framework = new TestFramework(vertx, "custom-executor");
        framework.subscribe();
        Offer offer = framework.nextOffer(WAIT);
        framework.launch(offer, List.of(task("t1", offer, script, "sleep 1"), task("t2", offer, script, "sleep 1")), 0);

        for (String task : List.of("t1", "t2")) {
          framework.awaitState(task, TaskState.TASK_FINISHED, WAIT);
          assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED), states(framework, task));
          TaskStatus finished = framework.updates(task).get(1);
          assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, finished.getSource());
          assertEquals(EXECUTOR, finished.getExecutorId().getValue());
        }
        Path sandbox = TaskProcesses.sandbox(agent.workDir(), EXECUTOR);
        Path stderr = sandbox.resolve("stderr");
        Await.until("the executor heard every ACKNOWLEDGED", WAIT,
            () -> read(stderr).contains("acknowledged t1 TASK_FINISHED") && read(stderr).contains("acknowledged t2 TASK_FINISHED"));

        // Framework messages, both ways: the executor answers each with "echo:<data>".
        AgentID agentId = AgentID.newBuilder().setValue(agent.id()).build();
        Await.result(framework.client().message(agentId, ExecutorID.newBuilder().setValue(EXECUTOR).build(),
            ByteString.copyFromUtf8("hello")));
        Event message = framework.nextEvent(e -> e.getType() == Event.Type.MESSAGE, WAIT);
        assertEquals("echo:hello", message.getMessage().getData().toStringUtf8());
        assertEquals(EXECUTOR, message.getMessage().getExecutorId().getValue());
        assertEquals(agent.id(), message.getMessage().getAgentId().getValue());

        // Tearing the framework down shuts its executor down: SHUTDOWN, then it exits.
        Await.result(framework.client().teardown());
        Path exitStatus = sandbox.resolve(".mezzo").resolve("exit_status");
        Await.until("the executor exited", WAIT, () -> Files.exists(exitStatus));
        assertTrue(read(stderr).contains("shutting down"), read(stderr));
        Await.until("the executor's process group is gone", WAIT,
            () -> TaskProcesses.groupMembers(TaskProcesses.taskPid(sandbox)).isEmpty());
      } finally {
        TaskProcesses.killAll(agent.workDir());
      }
    }
  }

  @Test
  void pythonExecutorSurvivesKillOfItsAgentAndItsUpdatesArriveOnce() throws Exception {
    Path script = script();
    // Missed pings are forgiven for two minutes: the restart comes well before that.
    try (ProcessCluster cluster = new ProcessCluster(dir, "--agent-ping-interval", "1s", "--max-missed-pings", "120")) {
      ProcessCluster.AgentProcess agent = cluster.startAgent("agent", RESOURCES);
      Path sandbox = null;
      try {
        Vertx vertx = cluster.frameworkVertx();
        Await.until("agent registered", WAIT, () -> MasterQueries.agent(vertx, agent.id()) != null);
        TestFramework framework = new TestFramework(vertx, "custom-executor-restart").checkpoint();
        framework.subscribe();
        Offer offer = framework.nextOffer(WAIT);
        framework.launch(offer, List.of(task("t1", offer, script, waitFor("release1")),
            task("t2", offer, script, waitFor("release2"))), 0);
        framework.awaitState("t1", TaskState.TASK_RUNNING, WAIT);
        framework.awaitState("t2", TaskState.TASK_RUNNING, WAIT);
        sandbox = TaskProcesses.sandbox(agent.workDir(), EXECUTOR);
        long executorGroup = TaskProcesses.taskPid(sandbox);
        Path stderr = sandbox.resolve("stderr");

        agent.process().kill9();

        // t1 ends while no agent listens: its update waits in the executor, unacknowledged.
        Files.createFile(sandbox.resolve("release1"));
        Await.until("the executor saw t1 end", WAIT, () -> read(stderr).contains("update t1 TASK_FINISHED"));
        assertTrue(!TaskProcesses.groupMembers(executorGroup).isEmpty(), "the executor outlived its agent");

        ProcessCluster.AgentProcess restarted = cluster.restartAgent(agent, RESOURCES);
        assertEquals(agent.id(), restarted.id());
        awaitState(framework, "t1", TaskState.TASK_FINISHED, stderr);
        assertTrue(count(read(stderr), "subscribed to agent") >= 2, "the executor subscribed again:\n" + read(stderr));

        // t2 kept running through the restart and ends now, reported by the same executor.
        assertEquals(TaskState.TASK_RUNNING, framework.latestState("t2"));
        Files.createFile(sandbox.resolve("release2"));
        awaitState(framework, "t2", TaskState.TASK_FINISHED, stderr);
        assertEquals(executorGroup, TaskProcesses.taskPid(sandbox), "the same executor process ran throughout");

        // The updates sent around and after the restart arrive exactly once: t1's FINISHED,
        // which the executor had to keep and send again with its new subscription, and t2's.
        // (A RUNNING the framework acknowledged just before the kill may come again from the
        // agent's log, with its own uuid: Mesos's at-least-once delivery, told apart by uuid.)
        for (String task : List.of("t1", "t2")) {
          List<TaskStatus> updates = framework.updates(task);
          assertEquals(List.of(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED),
              updates.stream().map(TaskStatus::getState).distinct().toList(), "updates of " + task + ": " + updates);
          assertEquals(1, updates.stream().filter(u -> u.getState() == TaskState.TASK_FINISHED).count(),
              "one FINISHED of " + task + ": " + updates);
          assertEquals(2, updates.stream().map(TaskStatus::getUuid).distinct().count(), "two updates of " + task);
        }
        Await.result(framework.client().teardown());
        Path exitStatus = sandbox.resolve(".mezzo").resolve("exit_status");
        Await.until("the executor exited", WAIT, () -> Files.exists(exitStatus));
      } finally {
        if (sandbox != null) {
          for (String release : List.of("release1", "release2")) {
            if (!Files.exists(sandbox.resolve(release))) {
              Files.createFile(sandbox.resolve(release));
            }
          }
        }
        TaskProcesses.killAll(agent.workDir());
      }
    }
  }

  @Test
  void pythonExecutorWithNoTaskLeftIsTakenBackAfterItsAgentRestarts() throws Exception {
    Path script = script();
    try (ProcessCluster cluster = new ProcessCluster(dir, "--agent-ping-interval", "1s", "--max-missed-pings", "120")) {
      ProcessCluster.AgentProcess agent = cluster.startAgent("agent", RESOURCES);
      try {
        Vertx vertx = cluster.frameworkVertx();
        TestFramework framework = new TestFramework(vertx, "custom-executor-idle").checkpoint();
        Path sandbox = runTasksToTheEnd(vertx, framework, agent, script);
        long executorGroup = TaskProcesses.taskPid(sandbox);
        Path stderr = sandbox.resolve("stderr");

        agent.process().kill9();
        ProcessCluster.AgentProcess restarted = cluster.restartAgent(agent, RESOURCES);
        assertEquals(agent.id(), restarted.id());

        Await.until("the executor subscribed again", WAIT, () -> count(read(stderr), "subscribed to agent") >= 2);
        Await.until("the master counts the executor on its re-registered agent", WAIT, () -> {
          var executors = MasterQueries.state(vertx).getGetExecutors().getExecutorsList();
          return executors.size() == 1 && EXECUTOR.equals(executors.get(0).getExecutorInfo().getExecutorId().getValue())
              && Resources.parse(EXECUTOR_RESOURCES).equals(MasterQueries.usedResources(vertx));
        });
        // The same process speaks for the executor: it answers a framework message (best
        // effort, as in Mesos: one sent while the agent is still re-registering is dropped).
        AgentID agentId = AgentID.newBuilder().setValue(agent.id()).build();
        Event echo = null;
        for (int attempt = 0; attempt < 20 && echo == null; attempt++) {
          Await.result(framework.client().message(agentId, ExecutorID.newBuilder().setValue(EXECUTOR).build(),
              ByteString.copyFromUtf8("back")));
          try {
            echo = framework.nextEvent(e -> e.getType() == Event.Type.MESSAGE, Duration.ofSeconds(3));
          } catch (AssertionError e) {
            // Not yet: the message was dropped.
          }
        }
        assertTrue(echo != null, "the executor answered after the restart:\n" + read(stderr));
        assertEquals("echo:back", echo.getMessage().getData().toStringUtf8());
        assertEquals(executorGroup, TaskProcesses.taskPid(sandbox), "the same executor process");
        // The restarted agent's /state lists the executor, with no task.
        JsonObject executor = agentExecutors(restarted).getJsonObject(0);
        assertEquals(EXECUTOR, executor.getString("id"));
        assertEquals("CUSTOM", executor.getString("type"));
        assertTrue(executor.getJsonArray("tasks").isEmpty(), executor.encode());
        assertEquals(sandbox.toString(), executor.getString("directory"));

        Await.result(framework.client().teardown());
        Await.until("the executor exited", WAIT, () -> Files.exists(sandbox.resolve(".mezzo").resolve("exit_status")));
        assertTrue(read(stderr).contains("shutting down"), read(stderr));
      } finally {
        TaskProcesses.killAll(agent.workDir());
      }
    }
  }

  @Test
  void pythonExecutorWithNoTaskLeftThatDiedWhileItsAgentWasDownIsReported() throws Exception {
    Path script = script();
    try (ProcessCluster cluster = new ProcessCluster(dir, "--agent-ping-interval", "1s", "--max-missed-pings", "120")) {
      ProcessCluster.AgentProcess agent = cluster.startAgent("agent", RESOURCES);
      try {
        Vertx vertx = cluster.frameworkVertx();
        TestFramework framework = new TestFramework(vertx, "custom-executor-dead").checkpoint();
        Path sandbox = runTasksToTheEnd(vertx, framework, agent, script);
        long executorGroup = TaskProcesses.taskPid(sandbox);

        agent.process().kill9();
        new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + executorGroup).start().waitFor();
        Await.until("the executor's monitor recorded its death", WAIT,
            () -> Files.exists(sandbox.resolve(".mezzo").resolve("exit_status")));
        cluster.restartAgent(agent, RESOURCES);

        Await.until("the master forgot the executor and got its resources back", WAIT,
            () -> MasterQueries.state(vertx).getGetExecutors().getExecutorsCount() == 0
                && MasterQueries.usedResources(vertx).isEmpty());
        Await.result(framework.client().teardown());
      } finally {
        TaskProcesses.killAll(agent.workDir());
      }
    }
  }

  /**
   * Runs two short tasks on the Python executor until their ends are acknowledged and the
   * agent has forgotten them: the executor is left running with no task. Returns its sandbox.
   */
  private static Path runTasksToTheEnd(Vertx vertx, TestFramework framework, ProcessCluster.AgentProcess agent,
      Path script) {
    Await.until("agent registered", WAIT, () -> MasterQueries.agent(vertx, agent.id()) != null);
    framework.subscribe();
    Offer offer = framework.nextOffer(WAIT);
    framework.launch(offer, List.of(task("t1", offer, script, "true"), task("t2", offer, script, "true")), 0);
    framework.awaitState("t1", TaskState.TASK_FINISHED, WAIT);
    framework.awaitState("t2", TaskState.TASK_FINISHED, WAIT);
    Path tasks = agent.workDir().resolve("meta").resolve("frameworks").resolve(framework.id().getValue()).resolve("tasks");
    Await.until("the agent forgot the acknowledged tasks", WAIT,
        () -> !Files.exists(tasks.resolve("t1")) && !Files.exists(tasks.resolve("t2")));
    Path sandbox = TaskProcesses.sandbox(agent.workDir(), EXECUTOR);
    assertEquals(Resources.parse(EXECUTOR_RESOURCES), MasterQueries.usedResources(vertx), "only the executor holds resources");
    return sandbox;
  }

  /** The executors of the (one) framework in an agent's {@code /state}. */
  private static JsonArray agentExecutors(ProcessCluster.AgentProcess agent) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://" + ProcessCluster.HOST + ":" + agent.httpPort() + "/state")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body()).getJsonArray("frameworks").getJsonObject(0).getJsonArray("executors");
  }

  /** Waits for a task's state; a failure shows what the executor logged. */
  private static void awaitState(TestFramework framework, String task, TaskState state, Path stderr) {
    try {
      framework.awaitState(task, state, WAIT);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the executor's log:\n" + read(stderr), e);
    }
  }

  /** A task for the Python executor; its shell command travels in TaskInfo.data. */
  private static TaskInfo task(String id, Offer offer, Path script, String command) {
    ExecutorInfo executor = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR))
        .setName("echo executor")
        .setCommand(CommandInfo.newBuilder()
            .addUris(CommandInfo.URI.newBuilder().setValue(script.toString()).setExecutable(true))
            .setValue("exec python3 -u echo_executor.py"))
        .addAllResources(Resources.parse(EXECUTOR_RESOURCES).toProto())
        .build();
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .setExecutor(executor)
        .setData(ByteString.copyFromUtf8(command))
        .addAllResources(Resources.parse("cpus:0.2;mem:64").toProto())
        .build();
  }

  /** A command that ends once {@code file} exists in the executor's sandbox (within two minutes). */
  private static String waitFor(String file) {
    return "i=0; while [ ! -e " + file + " ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done";
  }

  /** The executor script, copied out of the test's resources. */
  private Path script() throws IOException {
    Path script = dir.resolve("echo_executor.py");
    try (InputStream in = CustomExecutorProcessTest.class.getResourceAsStream("/executors/echo_executor.py")) {
      Files.copy(in, script);
    }
    return script;
  }

  private static List<TaskState> states(TestFramework framework, String task) {
    return framework.updates(task).stream().map(TaskStatus::getState).toList();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
