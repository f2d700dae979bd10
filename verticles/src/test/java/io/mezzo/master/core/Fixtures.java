package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;

/** Test fixtures for the master's pure parts: resources, protos and registry entries. */
public final class Fixtures {
  /** What every test agent has: two agents of this size share the same ports range. */
  static final String AGENT_RESOURCES = "cpus:4;mem:4096;disk:1000;ports:[31000-32000]";

  private Fixtures() {}

  public static Resources res(String text) {
    return Resources.parse(text);
  }

  static AgentInfo agentInfo(String agentId) {
    return AgentInfo.newBuilder()
        .setHostname(agentId + ".example")
        .setId(AgentID.newBuilder().setValue(agentId))
        .addAllResources(res(AGENT_RESOURCES).toProto())
        .build();
  }

  static FrameworkInfo frameworkInfo(String frameworkId) {
    return FrameworkInfo.newBuilder()
        .setUser("tester")
        .setName("framework " + frameworkId)
        .setId(FrameworkID.newBuilder().setValue(frameworkId))
        .build();
  }

  /** A fresh registry with agents of {@link #AGENT_RESOURCES} and frameworks in role "*". */
  static MasterState state(int maxCompletedTasks, int maxCompletedFrameworks, String[] agentIds, String... frameworkIds) {
    MasterState state = new MasterState(maxCompletedTasks, maxCompletedFrameworks);
    for (String agentId : agentIds) {
      state.addAgent(agentId, agentInfo(agentId), res(AGENT_RESOURCES), 1_000);
    }
    for (String frameworkId : frameworkIds) {
      state.addFramework(frameworkId, frameworkInfo(frameworkId), Resources.UNRESERVED, 1_000);
    }
    return state;
  }

  static OfferEntry offer(String offerId, String frameworkId, String agentId, String resources) {
    Resources parsed = res(resources);
    Offer offer =
        Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue(offerId))
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .setHostname(agentId + ".example")
            .addAllResources(parsed.toProto())
            .build();
    return new OfferEntry(offer, parsed);
  }

  static Task taskProto(String frameworkId, String taskId, String agentId, String resources, TaskState state) {
    return Task.newBuilder()
        .setName("task " + taskId)
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setState(state)
        .addAllResources(res(resources).toProto())
        .build();
  }

  static TaskEntry task(String frameworkId, String taskId, String agentId, String resources) {
    return new TaskEntry(
        taskProto(frameworkId, taskId, agentId, resources, TaskState.TASK_RUNNING), res(resources), System.nanoTime());
  }

  /** The same task in another state, as the master records an update. */
  static Task inState(TaskEntry task, TaskState state) {
    return task.task.toBuilder().setState(state).build();
  }

  /** A launchable task: named, with a shell command and the given resources. */
  public static TaskInfo.Builder taskInfo(String taskId, String agentId, String resources) {
    return TaskInfo.newBuilder()
        .setName("task " + taskId)
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setCommand(CommandInfo.newBuilder().setValue("sleep 1"))
        .addAllResources(res(resources).toProto());
  }
}
