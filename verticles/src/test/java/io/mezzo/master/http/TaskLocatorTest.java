package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import org.junit.jupiter.api.Test;

class TaskLocatorTest {
  static Task task(String id, String framework, String agent, TaskState state) {
    return Task.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setFrameworkId(FrameworkID.newBuilder().setValue(framework))
        .setAgentId(AgentID.newBuilder().setValue(agent)).setState(state).build();
  }

  static Response.GetAgents.Agent agent(String id, boolean active) {
    return Response.GetAgents.Agent.newBuilder().setActive(active)
        .setAgentInfo(AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(id)).setHostname("h").setPort(1)).build();
  }

  static Response.GetState state(Response.GetTasks tasks, Response.GetAgents.Agent... agents) {
    Response.GetAgents.Builder all = Response.GetAgents.newBuilder();
    for (Response.GetAgents.Agent agent : agents) {
      all.addAgents(agent);
    }
    return Response.GetState.newBuilder().setGetTasks(tasks).setGetAgents(all).build();
  }

  @Test
  void unknownTaskIs404() {
    Refusal e = assertThrows(Refusal.class,
        () -> TaskLocator.locate(state(Response.GetTasks.getDefaultInstance()), "nope", null));
    assertEquals(404, e.status());
  }

  @Test
  void sameIdInTwoFrameworksIs409NamingBothUnlessOneIsNamed() {
    Response.GetTasks tasks = Response.GetTasks.newBuilder()
        .addTasks(task("t", "fw-a", "ag", TaskState.TASK_RUNNING))
        .addCompletedTasks(task("t", "fw-b", "ag", TaskState.TASK_FINISHED)).build();
    Refusal e = assertThrows(Refusal.class, () -> TaskLocator.locate(state(tasks, agent("ag", true)), "t", null));
    assertEquals(409, e.status());
    assertTrue(e.getMessage().contains("fw-a") && e.getMessage().contains("fw-b"), e.getMessage());
    TaskLocator.Location b = TaskLocator.locate(state(tasks, agent("ag", true)), "t", "fw-b");
    assertEquals(TaskState.TASK_FINISHED, b.task().getState());
    assertNull(b.problem());
  }

  @Test
  void activeWinsOverCompletedAndTheNewestCompletedWins() {
    Response.GetTasks reused = Response.GetTasks.newBuilder()
        .addCompletedTasks(task("t", "fw", "old", TaskState.TASK_FAILED))
        .addTasks(task("t", "fw", "ag", TaskState.TASK_RUNNING)).build();
    assertEquals(TaskState.TASK_RUNNING, TaskLocator.task(reused, "t", null).getState());
    Response.GetTasks twice = Response.GetTasks.newBuilder()
        .addCompletedTasks(task("t", "fw", "ag", TaskState.TASK_FAILED))
        .addCompletedTasks(task("t", "fw", "ag", TaskState.TASK_FINISHED)).build();
    assertEquals(TaskState.TASK_FINISHED, TaskLocator.task(twice, "t", null).getState());
  }

  @Test
  void unreachableOrGoneAgentsAreProblemsThatKeepTheTask() {
    Response.GetTasks tasks = Response.GetTasks.newBuilder().addUnreachableTasks(task("t", "fw", "ag", TaskState.TASK_UNREACHABLE)).build();
    TaskLocator.Location away = TaskLocator.locate(state(tasks, agent("ag", false)), "t", null);
    assertEquals(503, away.problem().status());
    assertEquals(TaskState.TASK_UNREACHABLE, away.task().getState());
    TaskLocator.Location gone = TaskLocator.locate(state(tasks), "t", null);
    assertEquals(404, gone.problem().status());
    TaskLocator.Location here = TaskLocator.locate(state(tasks, agent("ag", true)), "t", null);
    assertEquals("h", here.agent().getHostname());
  }
}
