package io.mezzo.master.core;

import com.google.protobuf.ByteString;
import io.mezzo.model.Resources;
import io.mezzo.v1.Address;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.Allocation;
import io.mezzo.v1.internal.Allocations;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.scheduler.Call;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures for the master's core and its validation: configuration, resources, protos,
 * the calls of schedulers, agents and the allocator, and registry entries.
 */
public final class Fixtures {
  /** What every test agent has: two agents of this size share the same ports range. */
  static final String AGENT_RESOURCES = "cpus:4;mem:4096;disk:1000;ports:[31000-32000]";

  /** The master under test. */
  static final MasterInfo MASTER = MasterInfo.newBuilder()
      .setId("master-1")
      .setHostname("master.example")
      .setPort(5050)
      .setAddress(Address.newBuilder().setHostname("master.example").setIp("127.0.0.1").setPort(5050))
      .build();

  private Fixtures() {}

  /** The core's configuration, as a test sets it. */
  record Config(
      Duration agentPingInterval,
      int maxMissedPings,
      Duration agentReregisterTimeout,
      Duration heartbeatInterval,
      Map<String, Double> weights,
      int maxCompletedTasksPerFramework,
      int maxCompletedFrameworks,
      int maxFrameworks) implements CoreConfig {

    @Override
    public java.util.SortedMap<String, String> flags() {
      return new java.util.TreeMap<>(Map.of("heartbeat_interval", heartbeatInterval.toMillis() + "ms",
          "max_missed_pings", Integer.toString(maxMissedPings)));
    }

    /** The same, taking at most {@code limit} registered frameworks. */
    Config withMaxFrameworks(int limit) {
      return new Config(agentPingInterval, maxMissedPings, agentReregisterTimeout, heartbeatInterval, weights,
          maxCompletedTasksPerFramework, maxCompletedFrameworks, limit);
    }
  }

  /** Pings and heartbeats every second, three missed pings allowed, ten seconds to re-register. */
  static Config config() {
    return new Config(Duration.ofSeconds(1), 3, Duration.ofSeconds(10), Duration.ofSeconds(1), Map.of("ads", 2.0), 100, 10, 1000);
  }

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

  /** A framework's info as its scheduler first subscribes: no ID yet, the default role. */
  static FrameworkInfo.Builder newFramework(String name) {
    return FrameworkInfo.newBuilder().setUser("tester").setName(name);
  }

  /** The same info, partition-aware: its tasks on a lost agent become TASK_UNREACHABLE, not TASK_LOST. */
  static FrameworkInfo.Builder partitionAware(FrameworkInfo.Builder info) {
    return info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
  }

  static Call subscribe(FrameworkInfo info) {
    return Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info))
        .build();
  }

  /** A call of framework {@code frameworkId}, to be completed with its type's field. */
  static Call.Builder call(Call.Type type, String frameworkId) {
    return Call.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
  }

  /** An ACCEPT of {@code offers} launching {@code tasks}, refusing the rest for {@code refuseSeconds}. */
  static Call accept(String frameworkId, List<String> offers, List<TaskInfo> tasks, double refuseSeconds) {
    Call.Accept.Builder accept = Call.Accept.newBuilder()
        .addOperations(Offer.Operation.newBuilder()
            .setType(Offer.Operation.Type.LAUNCH)
            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
        .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
    offers.forEach(id -> accept.addOfferIds(OfferID.newBuilder().setValue(id)));
    return call(Call.Type.ACCEPT, frameworkId).setAccept(accept).build();
  }

  /** An ACCEPT of one offer launching {@code group} on {@code executor}. */
  static Call acceptGroup(String frameworkId, String offerId, ExecutorInfo executor, TaskGroupInfo group) {
    Call.Accept.Builder accept = Call.Accept.newBuilder()
        .addOfferIds(OfferID.newBuilder().setValue(offerId))
        .addOperations(Offer.Operation.newBuilder()
            .setType(Offer.Operation.Type.LAUNCH_GROUP)
            .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor).setTaskGroup(group)))
        .setFilters(Filters.newBuilder().setRefuseSeconds(0));
    return call(Call.Type.ACCEPT, frameworkId).setAccept(accept).build();
  }

  /** A default executor (for task groups) with {@code resources} of its own. */
  static ExecutorInfo defaultExecutor(String executorId, String resources) {
    return ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.DEFAULT)
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .addAllResources(res(resources).toProto())
        .build();
  }

  /** An agent's report that an executor ended. */
  static AgentCall exitedExecutor(String agentId, String frameworkId, String executorId) {
    return AgentCall.newBuilder()
        .setType(AgentCall.Type.EXITED_EXECUTOR)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setExitedExecutor(AgentCall.ExitedExecutor.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
            .setMessage("Executor finished"))
        .build();
  }

  static Call acknowledge(String frameworkId, TaskStatus status) {
    return call(Call.Type.ACKNOWLEDGE, frameworkId)
        .setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(status.getAgentId())
            .setTaskId(status.getTaskId())
            .setUuid(status.getUuid()))
        .build();
  }

  static AgentCall registerAgent(String agentId) {
    return AgentCall.newBuilder()
        .setType(AgentCall.Type.REGISTER_AGENT)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setRegisterAgent(AgentCall.RegisterAgent.newBuilder().setAgentInfo(agentInfo(agentId)).setVersion("test"))
        .build();
  }

  /** The re-registration of an agent that runs {@code tasks} of {@code frameworks}. */
  static AgentCall reregisterAgent(String agentId, List<Task> tasks, List<FrameworkInfo> frameworks) {
    return AgentCall.newBuilder()
        .setType(AgentCall.Type.REREGISTER_AGENT)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setReregisterAgent(AgentCall.ReregisterAgent.newBuilder()
            .setAgentInfo(agentInfo(agentId))
            .setVersion("test")
            .addAllTasks(tasks)
            .addAllFrameworks(frameworks))
        .build();
  }

  /** A status update from agent {@code agentId}, as its status update manager sends it. */
  static AgentCall statusUpdate(String agentId, String frameworkId, String taskId, TaskState state, int uuid) {
    return AgentCall.newBuilder()
        .setType(AgentCall.Type.UPDATE_STATUS)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setUpdateStatus(StatusUpdate.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setStatus(TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(uuid(uuid))))
        .build();
  }

  /** A 16-byte status update uuid, distinct for each {@code n}. */
  static ByteString uuid(int n) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5EED).putLong(n).array());
  }

  /** What the allocator decides: {@code resources} of {@code agentId} for {@code frameworkId}. */
  static Allocations allocation(String frameworkId, String agentId, String resources) {
    return Allocations.newBuilder()
        .addAllocations(Allocation.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .addAllResources(res(resources).toProto()))
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
