package io.mezzo.bus;

/**
 * Every event-bus address Mezzo uses. Addresses are built here and nowhere else.
 *
 * <p>Scheduler events go to the address of the scheduler's current subscription stream,
 * not to one address per framework: when a scheduler fails over, its old instance may
 * still be listening, and a per-framework address would deal events round-robin between
 * the two.
 */
public final class Addresses {
  /** Calls from agents, schedulers and operators; consumed by the leading master only. */
  public static final String MASTER = "mezzo.master";

  /** Commands from the master to its allocator; local to the leader. */
  public static final String ALLOCATOR = "mezzo.allocator";

  /** Allocation results from the allocator to the master; local to the leader. */
  public static final String ALLOCATIONS = "mezzo.master.allocations";

  /** Published task state changes, for dashboards and other observers. */
  public static final String EVENTS_TASKS = "mezzo.events.tasks";

  /** Published agent changes (added, removed, unreachable). */
  public static final String EVENTS_AGENTS = "mezzo.events.agents";

  /** Published framework changes (subscribed, disconnected, removed). */
  public static final String EVENTS_FRAMEWORKS = "mezzo.events.frameworks";

  /** Published executor changes (launched, exited), as the leading master sees them. */
  public static final String EVENTS_EXECUTORS = "mezzo.events.executors";

  private static final String AGENT_PREFIX = "mezzo.agent.";
  private static final String SCHEDULER_PREFIX = "mezzo.scheduler.";
  private static final String EXECUTOR_PREFIX = "mezzo.executor.";
  private static final String EXECUTOR_STREAM_PREFIX = "mezzo.executor-stream.";
  private static final String OPERATOR_PREFIX = "mezzo.operator.";

  private Addresses() {}

  /** Where the master sends launches, kills, acknowledgements and pings for one agent. */
  public static String agent(String agentId) {
    return AGENT_PREFIX + agentId;
  }

  /** Where the master sends the events of one scheduler subscription stream. */
  public static String scheduler(String streamId) {
    return SCHEDULER_PREFIX + streamId;
  }

  /**
   * Where the master sends the events of one operator subscription stream (SUBSCRIBED,
   * the changes, HEARTBEAT): a new address per subscription, as for schedulers.
   */
  public static String operator(String streamId) {
    return OPERATOR_PREFIX + streamId;
  }

  /**
   * Where an agent sends the executor events (executor.Event: SUBSCRIBED, LAUNCH,
   * LAUNCH_GROUP, KILL, ACKNOWLEDGED, MESSAGE, SHUTDOWN) of one executor run, to that run's
   * executor verticle: {@code mezzo.executor.<agentId>.<runId>}.
   *
   * <p>Per run rather than per executor ID: an executor ID is unique only within its
   * framework, IDs may contain dots (so {@code <frameworkId>.<executorId>} pairs can spell
   * the same string), and a run that is ending must not hear the launches of its
   * successor with the same executor ID. A run ID is a UUID the agent draws (36
   * characters, no dots), so reading the address from its end recovers the agent and the
   * run: no two runs share an address.
   */
  public static String executorRun(String agentId, String runId) {
    return EXECUTOR_PREFIX + agentId + "." + runId;
  }

  /**
   * Where one executor run's verticle sends its calls (executor.Call: SUBSCRIBE, UPDATE,
   * MESSAGE) and finally its ExecutorTermination, to its agent:
   * {@code mezzo.executor.<agentId>.<runId>.agent}. The agent knows which run spoke from
   * the address alone, so a verticle can speak only for its own run.
   */
  public static String executorRunAgent(String agentId, String runId) {
    return executorRun(agentId, runId) + ".agent";
  }

  /**
   * Where a custom-executor supervisor hears the calls of its executor program: those that
   * come over the agent's {@code POST /api/v1/executor}, and those of a JVM executor's
   * {@code ExecutorClient}: {@code mezzo.executor.<agentId>.<runId>.api}.
   */
  public static String executorApi(String agentId, String runId) {
    return executorRun(agentId, runId) + ".api";
  }

  /**
   * Where a custom-executor supervisor sends the events of one subscription of its executor
   * program (an HTTP event stream, or an ExecutorClient): a new stream per subscription, as
   * for schedulers.
   */
  public static String executorStream(String streamId) {
    return EXECUTOR_STREAM_PREFIX + streamId;
  }
}
