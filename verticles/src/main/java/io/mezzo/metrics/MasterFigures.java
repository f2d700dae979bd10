package io.mezzo.metrics;

import io.mezzo.v1.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The leading master's state in numbers, taken in one pass on its event loop: what its
 * gauges show and {@code /metrics/snapshot} reports. Only reachable agents' resources count,
 * as in Mesos: nothing else can be used or offered.
 *
 * @param agents agents by how the master sees them
 * @param frameworks frameworks by connection
 * @param tasks the tasks the master tracks, by state, for the states a task can stay in
 *     ({@link #TASK_GAUGE_STATES}); tasks that ended are counted as they end instead
 * @param resources total, used and offered amounts of each of {@link #RESOURCES}
 * @param offersOutstanding offers sent and not yet accepted, declined or rescinded
 * @param termStartMillis when this master's leadership term began (epoch milliseconds), 0 for none
 */
public record MasterFigures(
    Agents agents,
    Frameworks frameworks,
    Map<TaskState, Integer> tasks,
    Map<String, Resource> resources,
    int offersOutstanding,
    long termStartMillis) {

  /** The scalar resources reported, with Mesos's names and units (cores, megabytes). */
  public static final List<String> RESOURCES = List.of("cpus", "mem", "disk", "gpus");

  /** Every state a task can stay in: each has a gauge; terminal states have counters. */
  public static final List<TaskState> TASK_GAUGE_STATES = List.of(
      TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLING,
      TaskState.TASK_UNREACHABLE, TaskState.TASK_UNKNOWN);

  /** The figures of a master that does not lead: all zero. */
  public static final MasterFigures NONE =
      new MasterFigures(new Agents(0, 0, 0), new Frameworks(0, 0, 0), Map.of(), Map.of(), 0, 0);

  /**
   * @param registered registered with this leader and reachable
   * @param unreachable missed too many pings (or never re-registered after a failover)
   * @param recovering known from the replicated state, given time to re-register
   */
  public record Agents(int registered, int unreachable, int recovering) {}

  /**
   * @param connected subscribed, with a scheduler listening
   * @param disconnected known, within their failover timeout, with no scheduler
   * @param completed removed ones the master still remembers
   */
  public record Frameworks(int connected, int disconnected, int completed) {}

  /** Amounts of one scalar resource over the reachable agents. */
  public record Resource(double total, double used, double offered) {
    public static final Resource NONE = new Resource(0, 0, 0);
  }

  /** Takes immutable copies. */
  public MasterFigures {
    tasks = tasks.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tasks));
    resources = Map.copyOf(resources);
  }

  /** The number of tasks in {@code state}; 0 for states with none. */
  public int tasks(TaskState state) {
    return tasks.getOrDefault(state, 0);
  }

  /** The amounts of resource {@code name}; zero for resources no agent has. */
  public Resource resource(String name) {
    return resources.getOrDefault(name, Resource.NONE);
  }
}
