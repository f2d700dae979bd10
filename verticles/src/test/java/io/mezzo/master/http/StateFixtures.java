package io.mezzo.master.http;

import io.mezzo.model.Attributes;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.TimeInfo;
import io.mezzo.v1.master.Response;

/**
 * The master's views (GET_STATE, GET_MASTER answers) that the tests of its JSON builders
 * share: one reachable agent with a reservation for role "ads" and one unreachable agent,
 * a framework in "ads" with an offer, a running task and a failed one.
 */
public final class StateFixtures {
  private StateFixtures() {}

  public static final String FW = "m1-0000";
  public static final String AGENT = "a1-S0";

  public static Task task(String id, TaskState state, double firstTimestamp) {
    return Task.newBuilder()
        .setName("name-" + id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setFrameworkId(FrameworkID.newBuilder().setValue(FW))
        .setAgentId(AgentID.newBuilder().setValue(AGENT))
        .setState(state)
        .addAllResources(Resources.parse("cpus:0.1;mem:32;ports:[31000-31001]").toProto())
        .addStatuses(TaskStatus.newBuilder().setState(TaskState.TASK_STARTING).setTimestamp(firstTimestamp)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR))
        .addStatuses(TaskStatus.newBuilder().setState(state).setTimestamp(firstTimestamp + 1)
            .setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED).setMessage("exited"))
        .build();
  }

  public static Response.GetState state() {
    Response.GetAgents.Agent agent = Response.GetAgents.Agent.newBuilder()
        .setAgentInfo(AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(AGENT)).setHostname("node1").setPort(5051)
            .addAllAttributes(Attributes.parse("rack:a;zone:2;slots:[1-4]")))
        .setActive(true)
        .setVersion("0.1.0")
        .setPid("mezzo.agent." + AGENT)
        .setRegisteredTime(TimeInfo.newBuilder().setNanoseconds(1_700_000_000_000_000_000L))
        .addAllTotalResources(Resources.parse("cpus:4;mem:4096;disk(ads):100;ports:[31000-32000]").toProto())
        .addAllAllocatedResources(Resources.parse("cpus:0.1;mem:32;ports:[31000-31001]").toProto())
        .addAllOfferedResources(Resources.parse("cpus:1;mem:1024").toProto())
        .build();
    Response.GetAgents.Agent gone = agent.toBuilder().setActive(false)
        .setAgentInfo(agent.getAgentInfo().toBuilder().setId(AgentID.newBuilder().setValue("a2-S0"))).build();
    Response.GetFrameworks.Framework framework = Response.GetFrameworks.Framework.newBuilder()
        .setFrameworkInfo(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(FW)).setName("web").setUser("alice")
            .setRole("ads").setFailoverTimeout(60).setWebuiUrl("http://web")
            .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)))
        .setActive(true).setConnected(true).setRecovered(false)
        .setRegisteredTime(TimeInfo.newBuilder().setNanoseconds(1_700_000_001_500_000_000L))
        .addAllocatedResources(Resources.parse("cpus:0.1").toProto().get(0))
        .addOfferedResources(Resources.parse("cpus:1").toProto().get(0))
        .addOffers(Offer.newBuilder().setId(OfferID.newBuilder().setValue("m1-O7")).setFrameworkId(FrameworkID.newBuilder().setValue(FW))
            .setAgentId(AgentID.newBuilder().setValue(AGENT)).setHostname("node1").addAllResources(Resources.parse("cpus:1").toProto()))
        .build();
    return Response.GetState.newBuilder()
        .setGetAgents(Response.GetAgents.newBuilder().addAgents(agent).addAgents(gone))
        .setGetFrameworks(Response.GetFrameworks.newBuilder().addFrameworks(framework))
        .setGetExecutors(Response.GetExecutors.newBuilder().addExecutors(Response.GetExecutors.Executor.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue(AGENT))
            .setExecutorInfo(io.mezzo.v1.ExecutorInfo.newBuilder()
                .setType(io.mezzo.v1.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(io.mezzo.v1.ExecutorID.newBuilder().setValue("group-1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue(FW))
                .addAllResources(Resources.parse("cpus:0.1;mem:32").toProto()))))
        .setGetTasks(Response.GetTasks.newBuilder()
            .addTasks(task("t1", TaskState.TASK_RUNNING, 1000))
            .addCompletedTasks(task("t0", TaskState.TASK_FAILED, 900)))
        .build();
  }

  public static Response.GetMaster master() {
    return Response.GetMaster.newBuilder()
        .setMasterInfo(MasterInfo.newBuilder().setId("m1").setPid("mezzo.master@node0").setHostname("node0").setPort(5050).setVersion("0.1.0"))
        .setStartTime(1_699_999_000.0)
        .setElectedTime(1_699_999_000.0)
        .build();
  }
}
