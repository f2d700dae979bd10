package io.mezzo.state;

/** The names of the Hazelcast maps that hold the replicated master state. */
public final class StateMaps {
  public static final String AGENTS = "mezzo.state.agents";
  public static final String FRAMEWORKS = "mezzo.state.frameworks";
  public static final String TASKS = "mezzo.state.tasks";
  /** Cluster metadata: the epoch high-water mark and the current leader. */
  public static final String META = "mezzo.state.meta";
  /**
   * Which masters are up and where their HTTP APIs are, by Hazelcast member: presence, not
   * fenced state, so every master writes its own entry ({@link MasterRoster}).
   */
  public static final String MASTERS = "mezzo.masters";

  public static final String EPOCH_KEY = "epoch";
  public static final String LEADER_KEY = "leader";

  private StateMaps() {}

  /** The key of a task: task IDs are unique only within a framework. */
  public static String taskKey(String frameworkId, String taskId) {
    return frameworkId + "/" + taskId;
  }
}
