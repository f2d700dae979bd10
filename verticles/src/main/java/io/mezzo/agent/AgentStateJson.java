package io.mezzo.agent;

import io.mezzo.Version;
import io.mezzo.agent.executors.ExecutorRunSpec;
import io.mezzo.bus.Addresses;
import io.mezzo.executor.Sandboxes;
import io.mezzo.http.ProtoJson;
import io.mezzo.model.Attributes;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.Attribute;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An agent's state in the shape of Apache Mesos's agent {@code /state}: the agent, its
 * master, and per framework one executor per executor run (a command executor's ID is its
 * task's; a task group's tasks share their default executor; a custom executor is listed
 * with no task left) with its sandbox {@code directory}, its {@code tasks} and
 * {@code completed_tasks}. Runs that have ended are under {@code completed_executors}, as in
 * Mesos; only the most recent finished tasks are kept.
 */
final class AgentStateJson {
  private AgentStateJson() {}

  /** One executor run as the state shows it, gathered from its live run and its tasks. */
  private static final class RunView {
    final FrameworkInfo framework;
    final ExecutorInfo executor;
    final String runId;
    final JsonArray tasks = new JsonArray();
    final JsonArray completedTasks = new JsonArray();
    Resources resources;
    boolean live;

    RunView(FrameworkInfo framework, ExecutorInfo executor, String runId) {
      this.framework = framework;
      this.executor = executor;
      this.runId = runId;
      this.resources = Resources.fromProto(executor.getResourcesList());
    }
  }

  /**
   * @param workDir the agent's work dir, under which each run's sandbox lies
   * @param master the master the agent registered with, or null
   * @param liveRuns the executor runs that have not ended
   * @param endedRuns the most recent runs that ended, oldest first
   * @param active the tasks the agent tracks
   * @param completed finished tasks it no longer tracks, oldest first
   */
  static JsonObject of(AgentInfo agent, MasterInfo master, boolean registered, long startMillis, Path workDir,
      Collection<ExecutorRunSpec> liveRuns, Collection<ExecutorRunSpec> endedRuns, Collection<TaskRun> active,
      Collection<TaskRun> completed) {
    String agentId = agent.getId().getValue();
    JsonObject state = new JsonObject()
        .put("version", Version.VERSION)
        .put("id", agentId)
        .put("pid", Addresses.agent(agentId))
        .put("hostname", agent.getHostname())
        .put("port", agent.getPort())
        .put("start_time", startMillis / 1000.0)
        .put("resources", resources(agent.getResourcesList()))
        .put("attributes", attributes(agent.getAttributesList()))
        .put("registered", registered);
    if (master != null) {
      state.put("master_hostname", master.getHostname()).put("master", ProtoJson.toJson(master));
    }
    Map<String, RunView> runs = new LinkedHashMap<>();
    for (ExecutorRunSpec spec : liveRuns) {
      runs.computeIfAbsent(key(spec.frameworkId(), spec.executorId(), spec.runId()),
          k -> new RunView(spec.framework(), spec.executor(), spec.runId())).live = true;
    }
    for (TaskRun run : active) {
      addTask(runs, run, agentId);
    }
    // Newest first, as a person reading the state wants them.
    List<TaskRun> finished = new ArrayList<>(completed);
    for (int i = finished.size() - 1; i >= 0; i--) {
      addTask(runs, finished.get(i), agentId);
    }
    // Ended runs none of whose tasks is remembered (a custom executor that outlived its tasks).
    List<ExecutorRunSpec> ended = new ArrayList<>(endedRuns);
    for (int i = ended.size() - 1; i >= 0; i--) {
      ExecutorRunSpec spec = ended.get(i);
      runs.computeIfAbsent(key(spec.frameworkId(), spec.executorId(), spec.runId()),
          k -> new RunView(spec.framework(), spec.executor(), spec.runId()));
    }
    Map<String, JsonObject> frameworks = new LinkedHashMap<>();
    for (RunView run : runs.values()) {
      JsonObject framework =
          frameworks.computeIfAbsent(run.framework.getId().getValue(), id -> frameworkJson(run.framework));
      framework.getJsonArray(run.live ? "executors" : "completed_executors").add(executorJson(run, workDir, agentId));
    }
    return state.put("frameworks", new JsonArray(new ArrayList<>(frameworks.values())))
        .put("completed_frameworks", new JsonArray());
  }

  private static void addTask(Map<String, RunView> runs, TaskRun run, String agentId) {
    RunView view = runs.computeIfAbsent(key(run.frameworkId(), run.executorId(), run.runId),
        k -> new RunView(run.framework, run.executor, run.runId));
    JsonObject task = new JsonObject()
        .put("id", run.taskId())
        .put("name", run.task.getName())
        .put("framework_id", run.frameworkId())
        .put("executor_id", run.executorId())
        .put("slave_id", agentId)
        .put("agent_id", agentId)
        .put("state", run.state.name())
        .put("resources", resources(run.task.getResourcesList()));
    if (TaskStates.isTerminal(run.state)) {
      view.completedTasks.add(task);
    } else {
      view.tasks.add(task);
      // As Mesos's: an executor's resources are its own and its running tasks'.
      view.resources = view.resources.plus(Resources.fromProto(run.task.getResourcesList()));
    }
  }

  private static JsonObject frameworkJson(FrameworkInfo framework) {
    return new JsonObject()
        .put("id", framework.getId().getValue())
        .put("name", framework.getName())
        .put("user", framework.getUser())
        .put("role", framework.getRole().isEmpty() ? "*" : framework.getRole())
        .put("hostname", framework.getHostname())
        .put("executors", new JsonArray())
        .put("completed_executors", new JsonArray());
  }

  private static JsonObject executorJson(RunView run, Path workDir, String agentId) {
    String frameworkId = run.framework.getId().getValue();
    String executorId = run.executor.getExecutorId().getValue();
    JsonObject executor = new JsonObject()
        .put("id", executorId)
        .put("name", run.executor.getName())
        .put("source", executorId)
        .put("framework_id", frameworkId)
        .put("container", run.runId)
        .put("run_id", run.runId)
        .put("directory", Sandboxes.of(workDir, agentId, frameworkId, executorId, run.runId).toString())
        .put("resources", resources(run.resources.toProto()))
        .put("tasks", run.tasks)
        .put("queued_tasks", new JsonArray())
        .put("completed_tasks", run.completedTasks);
    if (run.executor.hasType()) {
      executor.put("type", run.executor.getType().name()); // DEFAULT or CUSTOM; none for a command executor
    }
    return executor;
  }

  private static String key(String frameworkId, String executorId, String runId) {
    return frameworkId + "/" + executorId + "/" + runId;
  }

  /** Resources as Mesos shows them: scalars as numbers, ranges as "[a-b, c-d]", sets as "{a,b}". */
  static JsonObject resources(List<Resource> resources) {
    Resources bag = Resources.fromProto(resources);
    JsonObject json = new JsonObject();
    for (Resources.Key key : bag.keys()) {
      String name = key.name();
      if (json.containsKey(name)) {
        continue; // summed over roles already
      }
      Value.Type type = bag.typeOf(name);
      if (type == Value.Type.SCALAR) {
        json.put(name, bag.scalar(name));
      } else if (type == Value.Type.RANGES) {
        StringJoiner ranges = new StringJoiner(", ", "[", "]");
        bag.ranges(name).forEach(range -> ranges.add(range[0] + "-" + range[1]));
        json.put(name, ranges.toString());
      } else if (type == Value.Type.SET) {
        json.put(name, "{" + String.join(",", bag.items(name)) + "}");
      }
    }
    return json;
  }

  private static JsonObject attributes(List<Attribute> attributes) {
    JsonObject json = new JsonObject();
    for (Attribute attribute : attributes) {
      if (attribute.getType() == Value.Type.SCALAR) {
        json.put(attribute.getName(), attribute.getScalar().getValue());
      } else {
        json.put(attribute.getName(), Attributes.formatValue(attribute));
      }
    }
    return json;
  }
}
