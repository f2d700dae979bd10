package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task group's default executor across an agent restart: the restarted agent re-attaches
 * to the group's running tasks, reports the ones that ended while it was down, and the
 * default executor's semantics still hold (a task killed or failed kills the others); the
 * group's resources, the executor's included, return once every task has ended.
 */
@ExtendWith(VertxExtension.class)
class TaskGroupRecoveryTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String EXECUTOR = "group-executor";
  static final String TASK_RESOURCES = "cpus:0.2;mem:64";
  /** Runs until a file {@code release} appears in the task's sandbox, then exits with the status that file holds. */
  static final String RELEASED = "while [ ! -s release ]; do sleep 0.05; done; exit $(cat release)";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void groupTasksAreReattachedOneThatEndedIsReportedAndAKillStillKillsTheGroup(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, AgentRecoveryTest.patientMaster(dir), "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "group-recovery");
      framework.subscribe();
      launchGroup(framework, List.of("a", "b", "c"));
      String agentId = cluster.agent(0).agentId();

      JsonObject executor = agentExecutor(cluster);
      assertEquals(List.of("a", "b", "c"), taskIds(executor.getJsonArray("tasks")),
          "the agent's state shows one executor with the group's three tasks");
      Path run = TaskProcesses.sandbox(cluster.agentDir(0), EXECUTOR);
      assertEquals(run.toString(), executor.getString("directory"));

      cluster.stopAgent(0);
      // c ends well while no agent watches; a and b go on.
      Files.writeString(taskSandbox(run, "c").resolve("release"), "0");
      Await.until("c ended", WAIT, () -> Files.exists(taskSandbox(run, "c").resolve(".mezzo").resolve("exit_status")));
      long aGroup = TaskProcesses.taskPid(taskSandbox(run, "a"));
      long bGroup = TaskProcesses.taskPid(taskSandbox(run, "b"));

      cluster.restartAgent(0);

      framework.awaitState("c", TaskState.TASK_FINISHED, WAIT);
      JsonObject again = agentExecutor(cluster);
      assertEquals(List.of("a", "b"), taskIds(again.getJsonArray("tasks")), "a and b were re-attached");
      assertEquals(TaskState.TASK_RUNNING, framework.latestState("a"));
      assertEquals(TaskState.TASK_RUNNING, framework.latestState("b"));
      assertFalse(TaskProcesses.groupMembers(aGroup).isEmpty());

      // Killing a kills b too, as the default executor does; only a re-attached agent can.
      Await.result(framework.client().kill(TaskID.newBuilder().setValue("a").build(),
          AgentID.newBuilder().setValue(agentId).build()));
      framework.awaitState("a", TaskState.TASK_KILLED, WAIT);
      framework.awaitState("b", TaskState.TASK_KILLED, WAIT);
      assertEquals(List.of(), TaskProcesses.groupMembers(aGroup));
      assertEquals(List.of(), TaskProcesses.groupMembers(bGroup));
      Await.until("every resource free, the executor's included", WAIT, () -> cluster.usedResources().isEmpty()
          && cluster.state().getGetExecutors().getExecutorsCount() == 0);
    }
  }

  @Test
  void aGroupTaskThatFailedWhileTheAgentWasDownKillsTheOthersOnceItIsBack(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, AgentRecoveryTest.patientMaster(dir), "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "group-failure-recovery");
      framework.subscribe();
      launchGroup(framework, List.of("x", "y"));
      Path run = TaskProcesses.sandbox(cluster.agentDir(0), EXECUTOR);
      long xGroup = TaskProcesses.taskPid(taskSandbox(run, "x"));

      cluster.stopAgent(0);
      Files.writeString(taskSandbox(run, "y").resolve("release"), "1");
      Await.until("y ended", WAIT, () -> Files.exists(taskSandbox(run, "y").resolve(".mezzo").resolve("exit_status")));
      assertFalse(TaskProcesses.groupMembers(xGroup).isEmpty(), "no agent, nobody kills x");

      cluster.restartAgent(0);

      TaskStatus failed = framework.awaitState("y", TaskState.TASK_FAILED, WAIT);
      assertTrue(failed.getMessage().contains("status 1"), failed.getMessage());
      framework.awaitState("x", TaskState.TASK_KILLED, WAIT);
      assertEquals(List.of(), TaskProcesses.groupMembers(xGroup));
      Await.until("every resource free, the executor's included", WAIT, () -> cluster.usedResources().isEmpty()
          && cluster.state().getGetExecutors().getExecutorsCount() == 0);
    }
  }

  @Test
  void twoGroupsOnOneDefaultExecutorStayApartAfterTheRestart(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, AgentRecoveryTest.patientMaster(dir), "cpus:2;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "two-groups-recovery");
      framework.subscribe();
      launchGroup(framework, List.of("p", "q"));
      launchGroup(framework, List.of("r"));
      String agentId = cluster.agent(0).agentId();
      assertEquals(List.of("p", "q", "r"), taskIds(agentExecutor(cluster).getJsonArray("tasks")), "one executor runs both groups");

      cluster.stopAgent(0);
      cluster.restartAgent(0);
      Await.until("the groups were re-attached", WAIT, () -> taskIds(agentExecutor(cluster).getJsonArray("tasks")).size() == 3);

      Await.result(framework.client().kill(TaskID.newBuilder().setValue("p").build(),
          AgentID.newBuilder().setValue(agentId).build()));
      framework.awaitState("p", TaskState.TASK_KILLED, WAIT);
      framework.awaitState("q", TaskState.TASK_KILLED, WAIT);
      assertEquals(List.of("r"), taskIds(agentExecutor(cluster).getJsonArray("tasks")), "the other group runs on");
      assertEquals(TaskState.TASK_RUNNING, framework.latestState("r"));

      Await.result(framework.client().kill(TaskID.newBuilder().setValue("r").build(),
          AgentID.newBuilder().setValue(agentId).build()));
      framework.awaitState("r", TaskState.TASK_KILLED, WAIT);
      Await.until("every resource free, the executor's included", WAIT, () -> cluster.usedResources().isEmpty()
          && cluster.state().getGetExecutors().getExecutorsCount() == 0);
    }
  }

  /** Launches a group of {@code ids} (each waiting for its release file) and waits until they all run. */
  private static void launchGroup(TestFramework framework, List<String> ids) {
    Offer offer = framework.nextOffer(WAIT);
    TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
    ids.forEach(id -> group.addTasks(TestFramework.task(id, offer, RELEASED, TASK_RESOURCES)));
    ExecutorInfo executor = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.DEFAULT)
        .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR))
        .addAllResources(Resources.parse("cpus:0.1;mem:32").toProto())
        .build();
    framework.launchGroup(offer, executor, group.build(), 0);
    ids.forEach(id -> framework.awaitState(id, TaskState.TASK_RUNNING, WAIT));
  }

  private static Path taskSandbox(Path run, String taskId) {
    return run.resolve("tasks").resolve(taskId);
  }

  /** The group's executor in the agent's {@code /state}. */
  private JsonObject agentExecutor(LocalCluster cluster) {
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + cluster.agent(0).httpPort() + "/state")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError("the agent's /state", e);
    }
    assertEquals(200, response.statusCode(), response.body());
    JsonArray executors = new JsonObject(response.body()).getJsonArray("frameworks").getJsonObject(0).getJsonArray("executors");
    assertEquals(1, executors.size(), "one executor for the group: " + executors.encode());
    return executors.getJsonObject(0);
  }

  private static List<String> taskIds(JsonArray tasks) {
    return tasks.stream().map(JsonObject.class::cast).map(task -> task.getString("id")).sorted().collect(Collectors.toList());
  }
}
