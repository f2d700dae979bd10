package io.mezzo.master.http;

import io.mezzo.Version;
import io.mezzo.http.ProtoJson;
import io.mezzo.master.http.MesosJson.FrameworkTasks;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of {@code /master/state} and {@code /master/state-summary} in Apache Mesos's
 * shape, built from the leader's GET_STATE and GET_MASTER answers. Pure functions.
 */
public final class StateJson {
  /** The per-state task counts Mesos's state summary has, in its order. */
  static final List<TaskState> SUMMARY_STATES = List.of(
      TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLING,
      TaskState.TASK_FINISHED, TaskState.TASK_KILLED, TaskState.TASK_FAILED, TaskState.TASK_LOST,
      TaskState.TASK_ERROR, TaskState.TASK_UNREACHABLE);

  private StateJson() {}

  /** The whole state: the master, its agents, and its frameworks with their tasks and offers. */
  public static JsonObject state(Response.GetState state, Response.GetMaster master, Response.GetFlags flags, long epoch) {
    int active = 0;
    for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
      active += agent.getActive() ? 1 : 0;
    }
    return master(master, epoch)
        .put("flags", flags(flags).getJsonObject("flags"))
        // Mesos's master capabilities (AGENT_UPDATE, AGENT_DRAINING, QUOTA_V2): none of them yet.
        .put("capabilities", new JsonArray())
        .put("activated_slaves", active)
        // Mezzo deactivates an agent only when it becomes unreachable; those count below.
        .put("deactivated_slaves", 0)
        .put("unreachable_slaves", state.getGetAgents().getAgentsCount() - active)
        .mergeIn(slaves(state))
        .mergeIn(frameworks(state));
  }

  /** {@code /master/slaves}: the agents, as in {@code /master/state}. */
  public static JsonObject slaves(Response.GetState state) {
    JsonArray slaves = new JsonArray();
    for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
      slaves.add(MesosJson.agent(agent));
    }
    // Agents of an earlier leader not yet re-registered are kept as unreachable ones, not here.
    return new JsonObject().put("slaves", slaves).put("recovered_slaves", new JsonArray());
  }

  /** {@code /master/frameworks}: the frameworks with their tasks, as in {@code /master/state}. */
  public static JsonObject frameworks(Response.GetState state) {
    Map<String, FrameworkTasks> tasks = FrameworkTasks.byFramework(state.getGetTasks());
    Map<String, List<Response.GetExecutors.Executor>> executors = new LinkedHashMap<>();
    for (Response.GetExecutors.Executor executor : state.getGetExecutors().getExecutorsList()) {
      executors.computeIfAbsent(executor.getExecutorInfo().getFrameworkId().getValue(), id -> new ArrayList<>())
          .add(executor);
    }
    JsonArray frameworks = new JsonArray();
    for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
      frameworks.add(MesosJson.framework(framework, tasks.getOrDefault(id(framework), FrameworkTasks.NONE),
          executors.getOrDefault(id(framework), List.of())));
    }
    JsonArray completed = new JsonArray();
    for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getCompletedFrameworksList()) {
      completed.add(MesosJson.framework(framework, tasks.getOrDefault(id(framework), FrameworkTasks.NONE)));
    }
    return new JsonObject()
        .put("frameworks", frameworks)
        .put("completed_frameworks", completed)
        // Mesos lists here frameworks whose tasks re-registering agents reported before the
        // framework itself came back; Mezzo recovers those frameworks from the agents at once.
        .put("unregistered_frameworks", new JsonArray());
  }

  /** {@code /master/flags}: {@code {"flags": {"name": "value", ...}}}. */
  public static JsonObject flags(Response.GetFlags flags) {
    JsonObject all = new JsonObject();
    flags.getFlagsList().forEach(flag -> all.put(flag.getName(), flag.getValue()));
    return new JsonObject().put("flags", all);
  }

  /** {@code /version}: as Mesos's. */
  public static JsonObject version() {
    return new JsonObject().put("version", Version.VERSION).put("build_date", Version.BUILD_DATE);
  }

  /**
   * The lighter summary: agents and frameworks without their tasks, each with per-state task
   * counts, plus which frameworks run on which agents.
   */
  public static JsonObject summary(Response.GetState state, Response.GetMaster master, long epoch) {
    Map<String, FrameworkTasks> tasks = FrameworkTasks.byFramework(state.getGetTasks());
    Map<String, Map<TaskState, Integer>> byAgent = new LinkedHashMap<>();
    Map<String, Map<TaskState, Integer>> byFramework = new LinkedHashMap<>();
    Map<String, Set<String>> frameworksOfAgent = new LinkedHashMap<>();
    Map<String, Set<String>> agentsOfFramework = new LinkedHashMap<>();
    for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
      String frameworkId = id(framework);
      for (Task task : all(tasks.getOrDefault(frameworkId, FrameworkTasks.NONE))) {
        String agentId = task.getAgentId().getValue();
        count(byAgent, agentId, task.getState());
        count(byFramework, frameworkId, task.getState());
        frameworksOfAgent.computeIfAbsent(agentId, a -> new LinkedHashSet<>()).add(frameworkId);
        agentsOfFramework.computeIfAbsent(frameworkId, f -> new LinkedHashSet<>()).add(agentId);
      }
    }
    JsonArray slaves = new JsonArray();
    for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
      String agentId = agent.getAgentInfo().getId().getValue();
      JsonObject json = MesosJson.agent(agent);
      putCounts(json, byAgent.get(agentId));
      slaves.add(json.put("framework_ids", new JsonArray(new ArrayList<>(frameworksOfAgent.getOrDefault(agentId, Set.of())))));
    }
    JsonArray frameworks = new JsonArray();
    for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
      String frameworkId = id(framework);
      JsonObject json = MesosJson.frameworkSummary(framework);
      putCounts(json, byFramework.get(frameworkId));
      frameworks.add(json.put("slave_ids", new JsonArray(new ArrayList<>(agentsOfFramework.getOrDefault(frameworkId, Set.of())))));
    }
    return new JsonObject()
        .put("hostname", master.getMasterInfo().getHostname())
        .put("epoch", epoch)
        .put("slaves", slaves)
        .put("frameworks", frameworks);
  }

  /**
   * What the master says of itself, as Mesos's state opens: version, identity, leader,
   * epoch, and when it started and was elected.
   */
  public static JsonObject master(Response.GetMaster master, long epoch) {
    MasterInfo info = master.getMasterInfo();
    return new JsonObject()
        .put("version", info.getVersion())
        .put("build_date", Version.BUILD_DATE)
        .put("id", info.getId())
        .put("pid", info.getPid())
        .put("hostname", info.getHostname())
        // Only the leader serves the state, so it is its own leader.
        .put("leader", info.getPid())
        .put("leader_info", ProtoJson.toJson(info))
        .put("epoch", epoch)
        .put("start_time", master.getStartTime())
        .put("elected_time", master.getElectedTime());
  }

  /** Every task of a framework: active, unreachable and completed. */
  static List<Task> all(FrameworkTasks tasks) {
    List<Task> all = new ArrayList<>(tasks.active());
    all.addAll(tasks.unreachable());
    all.addAll(tasks.completed());
    return all;
  }

  private static void count(Map<String, Map<TaskState, Integer>> counts, String key, TaskState state) {
    counts.computeIfAbsent(key, k -> new EnumMap<>(TaskState.class)).merge(state, 1, Integer::sum);
  }

  private static void putCounts(JsonObject json, Map<TaskState, Integer> counts) {
    for (TaskState state : SUMMARY_STATES) {
      json.put(state.name(), counts == null ? 0 : counts.getOrDefault(state, 0));
    }
  }

  private static String id(Response.GetFrameworks.Framework framework) {
    return framework.getFrameworkInfo().getId().getValue();
  }
}
