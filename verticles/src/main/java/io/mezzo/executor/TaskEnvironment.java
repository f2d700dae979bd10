package io.mezzo.executor;

import io.mezzo.model.Resources;
import io.mezzo.v1.Environment;
import io.mezzo.v1.TaskInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The environment variables Mezzo gives a task's command, on top of the agent's own: where
 * it runs, who it is, its ports (as Marathon names them) and the variables the task asked
 * for.
 */
public final class TaskEnvironment {
  /** Prefix of the variables Mezzo sets; reserved, so a task cannot fake its own identity. */
  public static final String RESERVED_PREFIX = "MEZZO_";

  /**
   * Most {@code PORTn} variables given to one task. A task may hold a huge range such as
   * {@code [0-65535]}; past this many ports, variables would only bloat the environment
   * (the kernel caps it) without anyone reading them.
   */
  public static final int MAX_PORT_VARIABLES = 1000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private TaskEnvironment() {}

  /**
   * The variables for {@code task} running in {@code sandbox}: MEZZO_SANDBOX, MEZZO_TASK_ID,
   * MEZZO_AGENT_ID, MEZZO_FRAMEWORK_ID; PORT0, PORT1... (ascending), PORT (= PORT0) and
   * PORTS (comma-separated) from the {@code ports} resource; then the command's own
   * variables, which win over the ports. Command variables whose name starts with
   * {@code MEZZO_} (reserved), is not {@code [A-Za-z_][A-Za-z0-9_]*}, or whose value holds
   * NUL (which no process environment can carry) are left out.
   *
   * @throws io.mezzo.model.InvalidResourcesException when the task's resources are invalid
   */
  public static Map<String, String> of(TaskInfo task, String agentId, String frameworkId, Path sandbox) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(sandbox, "sandbox");

    SortedMap<String, String> env = new TreeMap<>();
    List<Long> ports = ports(task);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < ports.size(); i++) {
      env.put("PORT" + i, Long.toString(ports.get(i)));
      all.append(i == 0 ? "" : ",").append(ports.get(i));
    }
    if (!ports.isEmpty()) {
      // Marathon's single-port spelling, which many apps read.
      env.put("PORT", env.get("PORT0"));
      env.put("PORTS", all.toString());
    }

    putVariables(env, task.getCommand().getEnvironment());

    env.put("MEZZO_SANDBOX", sandbox.toString());
    env.put("MEZZO_TASK_ID", task.getTaskId().getValue());
    env.put("MEZZO_AGENT_ID", agentId);
    env.put("MEZZO_FRAMEWORK_ID", frameworkId);
    return Collections.unmodifiableSortedMap(env);
  }

  /**
   * {@code base} with the variables of {@code environment} laid over it, leaving out those a
   * command may not set (as {@link #of} does): how a task's check command gets the task's
   * environment plus its own.
   */
  public static Map<String, String> withVariables(Map<String, String> base, Environment environment) {
    SortedMap<String, String> env = new TreeMap<>(base);
    putVariables(env, environment);
    return Collections.unmodifiableSortedMap(env);
  }

  private static void putVariables(Map<String, String> env, Environment environment) {
    for (Environment.Variable variable : environment.getVariablesList()) {
      String name = variable.getName();
      String value = variable.getValue();
      if (NAME.matcher(name).matches() && !name.startsWith(RESERVED_PREFIX) && value.indexOf('\0') < 0) {
        env.put(name, value);
      }
    }
  }

  /**
   * The task's lowest ports in ascending order, at most {@link #MAX_PORT_VARIABLES} of them.
   * A set, because ranges of different roles come separately and need not be disjoint.
   */
  private static List<Long> ports(TaskInfo task) {
    TreeSet<Long> ports = new TreeSet<>();
    for (long[] range : Resources.fromProto(task.getResourcesList()).ranges("ports")) {
      // Ranges come sorted by their start and each is contiguous, so when the set fills
      // up it holds the lowest ports of the union.
      for (long port = range[0]; port <= range[1] && ports.size() < MAX_PORT_VARIABLES; port++) {
        ports.add(port);
      }
    }
    return new ArrayList<>(ports);
  }
}
