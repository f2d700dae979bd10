package io.mezzo.master.core;

import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.FrameworkRecord;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a new leader's state from the replicated state of the leaders before it, so that
 * it serves the cluster's state at once. Frameworks come back disconnected (their schedulers
 * re-subscribe within their failover timeouts); agents come back "recovered": their tasks
 * count as they were, and they are not offered until they re-register, since the agents are
 * the truth for their tasks. Executors come back with their agents, holding their resources.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  /**
   * The agent's executors hold their resources as they did under the last leader (its tasks'
   * are counted below), so the allocator, once the agent re-registers, does not offer them.
   */
  private static void restoreExecutors(MasterState state, AgentEntry agent, AgentRecord record) {
    for (ExecutorInfo info : record.getExecutorsList()) {
      if (state.framework(info.getFrameworkId().getValue()) == null) {
        continue; // Its framework is gone: the agent shuts it down when it re-registers.
      }
      try {
        state.addExecutor(new ExecutorEntry(agent.id, info, Resources.fromProto(info.getResourcesList())));
      } catch (InvalidResourcesException e) {
        LOG.error("skipping executor {} of agent {} in the replicated state: {}", info.getExecutorId().getValue(),
            agent.id, e.getMessage());
      }
    }
  }

  /** Applies the replicated records of agents and frameworks (by ID) and of tasks to a new term's state. */
  static void apply(Map<String, AgentRecord> agentRecords, Map<String, FrameworkRecord> frameworkRecords,
      Collection<Task> taskRecords, MasterContext context, Frameworks frameworks, Agents agents) {
    MasterState state = context.state;
    for (Map.Entry<String, FrameworkRecord> entry : frameworkRecords.entrySet()) {
      if (entry.getValue().getRemoved()) {
        state.rememberRemoved(entry.getKey());
      } else {
        frameworks.recover(entry.getValue());
      }
    }
    for (Map.Entry<String, AgentRecord> entry : agentRecords.entrySet()) {
      AgentRecord record = entry.getValue();
      Resources total;
      try {
        total = Resources.fromProto(record.getInfo().getResourcesList());
      } catch (InvalidResourcesException e) {
        LOG.error("skipping agent {} of the replicated state: {}", entry.getKey(), e.getMessage());
        continue;
      }
      AgentEntry agent = state.addAgent(entry.getKey(), record.getInfo(), total, record.getRegisteredMillis());
      agent.version = record.getVersion();
      agent.reregisteredMillis = record.getReregisteredMillis();
      agent.reachable = false;
      agent.unreachableMillis = record.getUnreachableMillis();
      if (record.getReachable()) {
        agents.awaitReregistration(agent);
      }
      restoreExecutors(state, agent, record);
    }
    int tasks = 0;
    for (Task task : taskRecords) {
      FrameworkEntry framework = state.framework(task.getFrameworkId().getValue());
      AgentEntry agent = state.agent(task.getAgentId().getValue());
      if (framework == null || agent == null) {
        continue;
      }
      TaskEntry entry = new TaskEntry(task, Resources.fromProto(task.getResourcesList()), TaskEntry.NOT_LAUNCHED_HERE);
      if (agent.recovered) {
        state.addTask(entry);
        if (TaskStates.isTerminal(task.getState())) {
          state.releaseTask(entry);
        }
      } else {
        entry.released = true;
        framework.unreachableTasks.put(entry.key.taskId(), entry);
      }
      tasks++;
    }
    LOG.info("recovered {} frameworks, {} agents and {} tasks from the replicated state",
        state.frameworks().size(), state.agents().size(), tasks);
  }
}
