package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mezzo.agent.executors.ExecutorKind;
import io.mezzo.agent.executors.ExecutorRunSpec;
import io.mezzo.executor.Sandboxes;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code /state} lists one executor per executor run, as Mesos's agent does: a
 * task group's tasks under their one default executor, a custom executor even with no task
 * left, and a run that has ended under {@code completed_executors}.
 */
class AgentStateJsonTest {
  static final String AGENT = "a1-S0";
  static final Path WORK = Path.of("/work-dir");
  static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("fw"))
      .setUser("tester").setName("f").build();

  private static ExecutorInfo executor(String id, ExecutorInfo.Type type, String resources) {
    return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(id)).setType(type)
        .setFrameworkId(FRAMEWORK.getId()).addAllResources(Resources.parse(resources).toProto()).build();
  }

  private static TaskRun task(String id, ExecutorInfo executor, String runId, TaskState state) {
    TaskInfo task = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .addAllResources(Resources.parse("cpus:0.5;mem:64").toProto()).build();
    TaskRun run = new TaskRun(FRAMEWORK, task, executor, runId, WORK.resolve(id));
    run.state = state;
    return run;
  }

  private static ExecutorRunSpec live(ExecutorKind kind, ExecutorInfo executor, String runId) {
    return new ExecutorRunSpec(AGENT, kind, FRAMEWORK, executor, runId,
        Sandboxes.of(WORK, AGENT, "fw", executor.getExecutorId().getValue(), runId), WORK.resolve("meta"), List.of());
  }

  private static List<String> ids(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).map(o -> o.getString("id")).collect(Collectors.toList());
  }

  @Test
  void oneExecutorPerRunWithItsTasksAndCompletedTasks() {
    ExecutorInfo group = executor("group", ExecutorInfo.Type.DEFAULT, "cpus:0.1;mem:32");
    ExecutorInfo custom = executor("custom", ExecutorInfo.Type.CUSTOM, "cpus:0.1;mem:64");
    ExecutorInfo command = TaskRuns.commandExecutor(FRAMEWORK,
        TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue("cmd")).build());
    AgentInfo agent = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(AGENT)).setHostname("h").build();

    JsonObject state = AgentStateJson.of(agent, null, true, 0, WORK,
        List.of(live(ExecutorKind.DEFAULT, group, "run-g"), live(ExecutorKind.CUSTOM, custom, "run-c")),
        List.of(live(ExecutorKind.COMMAND, command, "run-cmd"), live(ExecutorKind.CUSTOM, custom, "run-old")),
        List.of(task("a", group, "run-g", TaskState.TASK_RUNNING), task("b", group, "run-g", TaskState.TASK_RUNNING),
            task("c", group, "run-g", TaskState.TASK_FINISHED)),
        List.of(task("old", group, "run-g", TaskState.TASK_FINISHED), task("cmd", command, "run-cmd", TaskState.TASK_FAILED)));

    JsonObject framework = state.getJsonArray("frameworks").getJsonObject(0);
    JsonArray executors = framework.getJsonArray("executors");
    assertEquals(List.of("group", "custom"), ids(executors), "one executor per live run");
    JsonObject groupJson = executors.getJsonObject(0);
    assertEquals(List.of("a", "b"), ids(groupJson.getJsonArray("tasks")));
    assertEquals(List.of("c", "old"), ids(groupJson.getJsonArray("completed_tasks")));
    assertEquals("DEFAULT", groupJson.getString("type"));
    assertEquals(Sandboxes.of(WORK, AGENT, "fw", "group", "run-g").toString(), groupJson.getString("directory"));
    assertEquals(1.1, groupJson.getJsonObject("resources").getDouble("cpus"), 1e-9, "its own and its running tasks'");
    assertEquals(160.0, groupJson.getJsonObject("resources").getDouble("mem"), 1e-9);

    JsonObject customJson = executors.getJsonObject(1);
    assertEquals(List.of(), ids(customJson.getJsonArray("tasks")), "a custom executor with no task left is listed");
    assertEquals(0.1, customJson.getJsonObject("resources").getDouble("cpus"), 1e-9);

    JsonArray completed = framework.getJsonArray("completed_executors");
    assertEquals(List.of("cmd", "custom"), ids(completed), "ended runs, a custom executor's with no task left too");
    assertEquals("run-old", completed.getJsonObject(1).getString("run_id"));
    assertEquals(List.of("cmd"), ids(completed.getJsonObject(0).getJsonArray("completed_tasks")));
    assertFalse(completed.getJsonObject(0).containsKey("type"), "a command executor has no type, as in Mesos");
  }
}
