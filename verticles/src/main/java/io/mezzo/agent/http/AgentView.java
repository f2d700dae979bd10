package io.mezzo.agent.http;

import io.mezzo.metrics.AgentMetrics;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the agent's HTTP endpoints see of their agent. The agent implements it, so that the
 * endpoints depend on the agent's view and not on the verticle that runs it. Every method is
 * called on the agent's event loop, where its HTTP handlers run.
 */
public interface AgentView {
  /** This agent's ID, once started. */
  String agentId();

  /** Whether the agent is registered with a master now. */
  boolean registered();

  /** The agent's state in the shape of Mesos's agent {@code /state}. */
  JsonObject state();

  /** The directory under which every sandbox of this agent lies. */
  Path sandboxesRoot();

  /** The sandboxes of the runs of task {@code taskId} the agent remembers, by framework ID. */
  Map<String, Path> knownSandboxes(String taskId);

  /** This agent's meters. */
  AgentMetrics metrics();

  /**
   * The run ID of the live custom executor {@code executorId} of {@code frameworkId} on this
   * agent, whose supervisor takes the executor API's calls; null when there is none.
   */
  String customExecutorRun(String frameworkId, String executorId);
}
