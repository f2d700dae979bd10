package io.mezzo.master.http;

import io.mezzo.v1.Attribute;
import io.mezzo.v1.CheckStatusInfo;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.TimeInfo;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pieces of the JSON that Apache Mesos's master endpoints ({@code /master/state} and
 * friends) are made of, built from Mezzo's protobuf views: agents are "slaves", resources
 * are {@code {"cpus": 1.0, "ports": "[31000-32000]"}}, states are names, times are seconds
 * since the Unix epoch. Pure: no Vert.x beyond its JSON types.
 */
public final class MesosJson {
  private MesosJson() {}

  /**
   * Resources as Mesos models them: one entry per name summed over roles, with cpus, gpus,
   * mem and disk always present; ranges and sets as Mesos prints them.
   */
  public static JsonObject resources(List<Resource> resources) {
    Map<String, Long> scalars = new TreeMap<>(Map.of("cpus", 0L, "gpus", 0L, "mem", 0L, "disk", 0L));
    Map<String, List<long[]>> ranges = new TreeMap<>();
    Map<String, TreeSet<String>> sets = new TreeMap<>();
    for (Resource resource : resources) {
      switch (resource.getType()) {
        // Thousandths, as Mezzo keeps scalars, so that sums never show binary fractions.
        case SCALAR -> scalars.merge(resource.getName(), Math.round(resource.getScalar().getValue() * 1000), Long::sum);
        case RANGES -> resource.getRanges().getRangeList().forEach(range ->
            ranges.computeIfAbsent(resource.getName(), n -> new ArrayList<>()).add(new long[] {range.getBegin(), range.getEnd()}));
        case SET -> sets.computeIfAbsent(resource.getName(), n -> new TreeSet<>()).addAll(resource.getSet().getItemList());
        default -> { }
      }
    }
    JsonObject json = new JsonObject();
    scalars.forEach((name, millis) -> json.put(name, millis / 1000.0));
    ranges.forEach((name, list) -> json.put(name, formatRanges(list)));
    sets.forEach((name, items) -> json.put(name, "{" + String.join(", ", items) + "}"));
    return json;
  }

  /** {@code [31000-31005, 31010-32000]}: sorted, with overlapping and adjacent ranges joined. */
  static String formatRanges(List<long[]> ranges) {
    List<long[]> sorted = new ArrayList<>(ranges);
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    StringJoiner text = new StringJoiner(", ", "[", "]");
    long[] current = null;
    for (long[] range : sorted) {
      if (current != null && range[0] <= current[1] + 1) {
        current[1] = Math.max(current[1], range[1]);
        continue;
      }
      if (current != null) {
        text.add(current[0] + "-" + current[1]);
      }
      current = new long[] {range[0], range[1]};
    }
    if (current != null) {
      text.add(current[0] + "-" + current[1]);
    }
    return text.toString();
  }

  /** Resources reserved for a role, by role (statically reserved ones; "*" is left out). */
  static JsonObject reserved(List<Resource> resources) {
    Map<String, List<Resource>> byRole = new TreeMap<>();
    for (Resource resource : resources) {
      if (!"*".equals(resource.getRole())) {
        byRole.computeIfAbsent(resource.getRole(), r -> new ArrayList<>()).add(resource);
      }
    }
    JsonObject json = new JsonObject();
    byRole.forEach((role, list) -> json.put(role, resources(list)));
    return json;
  }

  static List<Resource> unreserved(List<Resource> resources) {
    return resources.stream().filter(r -> "*".equals(r.getRole())).toList();
  }

  /** Attributes as an object: numbers for scalars, text for the rest, as Mesos writes them. */
  public static JsonObject attributes(List<Attribute> attributes) {
    JsonObject json = new JsonObject();
    for (Attribute attribute : attributes) {
      switch (attribute.getType()) {
        case SCALAR -> json.put(attribute.getName(), attribute.getScalar().getValue());
        case RANGES -> json.put(attribute.getName(), formatRanges(attribute.getRanges().getRangeList().stream()
            .map(r -> new long[] {r.getBegin(), r.getEnd()}).toList()));
        case SET -> json.put(attribute.getName(), "{" + String.join(", ", attribute.getSet().getItemList()) + "}");
        case TEXT -> json.put(attribute.getName(), attribute.getText().getValue());
      }
    }
    return json;
  }

  /** Seconds since the Unix epoch; 0 when absent, as Mesos writes a time never set. */
  public static double seconds(TimeInfo time) {
    // Rounded to microseconds, so that JSON shows 1700000000.123456 rather than binary noise.
    return Math.round(time.getNanoseconds() / 1000.0) / 1e6;
  }

  /** A task, with its status history. */
  public static JsonObject task(Task task) {
    JsonObject json = new JsonObject()
        .put("id", task.getTaskId().getValue())
        .put("name", task.getName())
        .put("framework_id", task.getFrameworkId().getValue())
        .put("executor_id", task.getExecutorId().getValue())
        .put("slave_id", task.getAgentId().getValue())
        .put("state", task.getState().name())
        .put("resources", resources(task.getResourcesList()));
    JsonArray statuses = new JsonArray();
    task.getStatusesList().forEach(status -> statuses.add(status(status)));
    json.put("statuses", statuses);
    if (task.hasUser()) {
      json.put("user", task.getUser());
    }
    if (task.hasLabels()) {
      json.put("labels", labels(task.getLabels()));
    }
    return json;
  }

  /** One status of a task's history. */
  public static JsonObject status(TaskStatus status) {
    JsonObject json = new JsonObject().put("state", status.getState().name()).put("timestamp", status.getTimestamp());
    if (status.hasMessage()) {
      json.put("message", status.getMessage());
    }
    if (status.hasReason()) {
      json.put("reason", status.getReason().name());
    }
    if (status.hasSource()) {
      json.put("source", status.getSource().name());
    }
    if (status.hasHealthy()) {
      json.put("healthy", status.getHealthy());
    }
    if (status.hasCheckStatus()) {
      json.put("check_status", checkStatus(status.getCheckStatus()));
    }
    if (status.hasLabels()) {
      json.put("labels", labels(status.getLabels()));
    }
    return json;
  }

  /**
   * The latest result of a task's check, as protobuf's JSON names it: {@code {"type": "HTTP",
   * "http": {"status_code": 200}}}; a sub-object without a value means no result yet.
   * (Mesos's own state leaves it out; Mezzo shows it, as its operator API does.)
   */
  public static JsonObject checkStatus(CheckStatusInfo status) {
    JsonObject json = new JsonObject().put("type", status.getType().name());
    if (status.hasCommand()) {
      JsonObject command = new JsonObject();
      if (status.getCommand().hasExitCode()) {
        command.put("exit_code", status.getCommand().getExitCode());
      }
      json.put("command", command);
    }
    if (status.hasHttp()) {
      JsonObject http = new JsonObject();
      if (status.getHttp().hasStatusCode()) {
        http.put("status_code", status.getHttp().getStatusCode());
      }
      json.put("http", http);
    }
    if (status.hasTcp()) {
      JsonObject tcp = new JsonObject();
      if (status.getTcp().hasSucceeded()) {
        tcp.put("succeeded", status.getTcp().getSucceeded());
      }
      json.put("tcp", tcp);
    }
    return json;
  }

  static JsonArray labels(Labels labels) {
    JsonArray json = new JsonArray();
    for (Label label : labels.getLabelsList()) {
      JsonObject entry = new JsonObject().put("key", label.getKey());
      if (label.hasValue()) {
        entry.put("value", label.getValue());
      }
      json.add(entry);
    }
    return json;
  }

  static JsonObject offer(Offer offer) {
    return new JsonObject()
        .put("id", offer.getId().getValue())
        .put("framework_id", offer.getFrameworkId().getValue())
        .put("slave_id", offer.getAgentId().getValue())
        .put("hostname", offer.getHostname())
        .put("resources", resources(offer.getResourcesList()));
  }

  /** An agent as Mesos's {@code slaves} entries show it. */
  public static JsonObject agent(Response.GetAgents.Agent agent) {
    List<Resource> total = agent.getTotalResourcesList();
    JsonObject json = new JsonObject()
        .put("id", agent.getAgentInfo().getId().getValue())
        .put("pid", agent.getPid())
        .put("hostname", agent.getAgentInfo().getHostname())
        .put("port", agent.getAgentInfo().getPort())
        .put("attributes", attributes(agent.getAgentInfo().getAttributesList()))
        .put("registered_time", seconds(agent.getRegisteredTime()));
    if (agent.hasReregisteredTime()) {
      json.put("reregistered_time", seconds(agent.getReregisteredTime()));
    }
    return json
        .put("resources", resources(total))
        .put("used_resources", resources(agent.getAllocatedResourcesList()))
        .put("offered_resources", resources(agent.getOfferedResourcesList()))
        .put("reserved_resources", reserved(total))
        .put("unreserved_resources", resources(unreserved(total)))
        .put("active", agent.getActive())
        // Mesos's agent capabilities (MULTI_ROLE, AGENT_DRAINING, ...): none is claimed yet.
        .put("capabilities", new JsonArray())
        .put("version", agent.getVersion());
  }

  /** The fields Mesos's framework summaries have (state-summary), which the full form extends. */
  public static JsonObject frameworkSummary(Response.GetFrameworks.Framework framework) {
    FrameworkInfo info = framework.getFrameworkInfo();
    JsonArray capabilities = new JsonArray();
    info.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
    return new JsonObject()
        .put("id", info.getId().getValue())
        .put("name", info.getName())
        .put("used_resources", resources(framework.getAllocatedResourcesList()))
        .put("offered_resources", resources(framework.getOfferedResourcesList()))
        .put("capabilities", capabilities)
        .put("hostname", info.getHostname())
        .put("webui_url", info.getWebuiUrl())
        .put("active", framework.getActive())
        .put("connected", framework.getConnected())
        .put("recovered", framework.getRecovered());
  }

  /** A framework's role: Mezzo schedules a framework in one role, the first it names. */
  public static String role(FrameworkInfo info) {
    return info.getRolesCount() > 0 ? info.getRoles(0) : info.getRole();
  }

  /**
   * A framework as Mesos's {@code frameworks} entries describe it, without its tasks and
   * offers: what a listing of frameworks shows.
   */
  public static JsonObject frameworkDescription(Response.GetFrameworks.Framework framework) {
    FrameworkInfo info = framework.getFrameworkInfo();
    List<Resource> held = new ArrayList<>(framework.getAllocatedResourcesList());
    held.addAll(framework.getOfferedResourcesList());
    JsonObject json = frameworkSummary(framework)
        .put("user", info.getUser())
        .put("role", role(info))
        .put("failover_timeout", info.getFailoverTimeout())
        .put("checkpoint", info.getCheckpoint())
        .put("registered_time", seconds(framework.getRegisteredTime()))
        .put("unregistered_time", seconds(framework.getUnregisteredTime()));
    if (framework.hasReregisteredTime()) {
      json.put("reregistered_time", seconds(framework.getReregisteredTime()));
    }
    if (info.hasPrincipal()) {
      json.put("principal", info.getPrincipal());
    }
    if (info.hasLabels()) {
      json.put("labels", labels(info.getLabels()));
    }
    return json.put("resources", resources(held));
  }

  /**
   * A framework as Mesos's {@code frameworks} entries show it, with its tasks, offers and the
   * executors with resources of their own it runs (task groups' default executors and custom
   * executors; command executors are implicit, as in Mesos, which lists none for them).
   */
  public static JsonObject framework(Response.GetFrameworks.Framework framework, FrameworkTasks tasks,
      List<Response.GetExecutors.Executor> executors) {
    JsonArray executorsJson = new JsonArray();
    executors.forEach(executor -> executorsJson.add(executor(executor)));
    JsonObject json = framework(framework, tasks);
    return json.put("executors", executorsJson);
  }

  /** An executor as Mesos's master lists it: its ExecutorInfo's main fields and its agent. */
  static JsonObject executor(Response.GetExecutors.Executor executor) {
    ExecutorInfo info = executor.getExecutorInfo();
    JsonObject json = new JsonObject()
        .put("executor_id", info.getExecutorId().getValue())
        .put("name", info.getName())
        .put("framework_id", info.getFrameworkId().getValue())
        .put("resources", resources(info.getResourcesList()))
        .put("slave_id", executor.getAgentId().getValue());
    if (info.hasType()) {
      json.put("type", info.getType().name());
    }
    if (info.hasCommand()) {
      json.put("command", new JsonObject().put("value", info.getCommand().getValue()));
    }
    return json;
  }

  /** A framework as Mesos's {@code frameworks} entries show it, with its tasks and offers. */
  public static JsonObject framework(Response.GetFrameworks.Framework framework, FrameworkTasks tasks) {
    JsonArray offers = new JsonArray();
    framework.getOffersList().forEach(offer -> offers.add(offer(offer)));
    String role = role(framework.getFrameworkInfo());
    return frameworkDescription(framework)
        .put("tasks", tasks(tasks.active(), role))
        .put("unreachable_tasks", tasks(tasks.unreachable(), role))
        .put("completed_tasks", tasks(tasks.completed(), role))
        .put("offers", offers)
        // The command executor is implicit, as in Mesos, which lists no executor for it.
        .put("executors", new JsonArray());
  }

  /** The tasks of a framework in {@code role}: a task's role is its framework's, as Mezzo allocates in one role. */
  static JsonArray tasks(List<Task> tasks, String role) {
    JsonArray json = new JsonArray();
    tasks.forEach(task -> json.add(task(task).put("role", role)));
    return json;
  }

  /** The tasks of one framework, in the three kinds Mesos tells apart. */
  public record FrameworkTasks(List<Task> active, List<Task> unreachable, List<Task> completed) {
    static final FrameworkTasks NONE = new FrameworkTasks(List.of(), List.of(), List.of());

    /** The tasks of {@code getTasks} grouped by framework ID, in their order. */
    public static Map<String, FrameworkTasks> byFramework(Response.GetTasks getTasks) {
      Map<String, FrameworkTasks> grouped = new LinkedHashMap<>();
      getTasks.getTasksList().forEach(t -> of(grouped, t).active().add(t));
      getTasks.getUnreachableTasksList().forEach(t -> of(grouped, t).unreachable().add(t));
      getTasks.getCompletedTasksList().forEach(t -> of(grouped, t).completed().add(t));
      return grouped;
    }

    private static FrameworkTasks of(Map<String, FrameworkTasks> grouped, Task task) {
      return grouped.computeIfAbsent(task.getFrameworkId().getValue(),
          id -> new FrameworkTasks(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }
  }
}
