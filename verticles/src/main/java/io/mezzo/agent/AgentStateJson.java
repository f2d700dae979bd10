package io.mezzo.agent;

import io.mezzo.Version;
import io.mezzo.bus.Addresses;
import io.mezzo.http.ProtoJson;
import io.mezzo.model.Attributes;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.Attribute;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An agent's state in the shape of Apache Mesos's agent {@code /state}: the agent, its
 * master, and per framework one executor per task (a command executor's ID is its task's)
 * with the sandbox {@code directory}. Executors whose task ended are under
 * {@code completed_executors}, as in Mesos; only the most recent finished tasks are kept.
 */
final class AgentStateJson {
  private AgentStateJson() {}

  /**
   * @param master the master the agent registered with, or null
   * @param active the runs the agent tracks
   * @param completed finished runs it no longer tracks, oldest first
   */
  static JsonObject of(AgentInfo agent, MasterInfo master, boolean registered, long startMillis,
      Collection<TaskRun> active, Collection<TaskRun> completed) {
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
    Map<String, JsonObject> frameworks = new LinkedHashMap<>();
    for (TaskRun run : active) {
      add(frameworks, run, agentId);
    }
    // Newest first, as a person reading the state wants them.
    List<TaskRun> finished = new ArrayList<>(completed);
    for (int i = finished.size() - 1; i >= 0; i--) {
      add(frameworks, finished.get(i), agentId);
    }
    return state.put("frameworks", new JsonArray(new ArrayList<>(frameworks.values())))
        .put("completed_frameworks", new JsonArray());
  }

  private static void add(Map<String, JsonObject> frameworks, TaskRun run, String agentId) {
    JsonObject framework = frameworks.computeIfAbsent(run.frameworkId(), id -> new JsonObject()
        .put("id", id)
        .put("name", run.framework.getName())
        .put("user", run.framework.getUser())
        .put("role", run.framework.getRole().isEmpty() ? "*" : run.framework.getRole())
        .put("hostname", run.framework.getHostname())
        .put("executors", new JsonArray())
        .put("completed_executors", new JsonArray()));
    boolean ended = TaskStates.isTerminal(run.state);
    JsonObject task = new JsonObject()
        .put("id", run.taskId())
        .put("name", run.task.getName())
        .put("framework_id", run.frameworkId())
        .put("executor_id", run.executorId())
        .put("slave_id", agentId)
        .put("agent_id", agentId)
        .put("state", run.state.name())
        .put("resources", resources(run.task.getResourcesList()));
    JsonObject executor = new JsonObject()
        .put("id", run.executorId())
        .put("name", run.executor.getName())
        .put("source", run.executorId())
        .put("framework_id", run.frameworkId())
        .put("run_id", run.runId)
        .put("directory", run.sandbox.toString())
        .put("resources", resources(run.task.getResourcesList()))
        .put("tasks", ended ? new JsonArray() : new JsonArray().add(task))
        .put("queued_tasks", new JsonArray())
        .put("completed_tasks", ended ? new JsonArray().add(task) : new JsonArray());
    framework.getJsonArray(ended ? "completed_executors" : "executors").add(executor);
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
