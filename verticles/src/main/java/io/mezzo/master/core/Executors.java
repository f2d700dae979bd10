package io.mezzo.master.core;

import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Executors at the master: the ones with resources of their own (task groups' default
 * executors, custom executors) are recorded when launched, their resources used on their
 * agent until the agent says they exited, then given back to the allocator; and what passes
 * between frameworks and their executors: framework messages down to an executor, executor
 * messages up to the framework, and executor shutdowns, which the master relays without
 * keeping, as Mesos's does.
 */
final class Executors {
  private final MasterContext context;
  private final AllocatorClient allocator;
  private final Observers observers;

  Executors(MasterContext context, AllocatorClient allocator, Observers observers) {
    this.context = context;
    this.allocator = allocator;
    this.observers = observers;
  }

  /** The executor running on {@code agentId}, or null. */
  ExecutorEntry running(String agentId, String frameworkId, String executorId) {
    return context.state.executor(agentId, frameworkId, executorId);
  }

  /** Records a validated executor (framework_id set) launched with its first tasks. */
  void launched(String agentId, ExecutorInfo info, Resources resources) {
    ExecutorEntry executor = new ExecutorEntry(agentId, info, resources);
    context.state.addExecutor(executor);
    observers.executorAdded(executor);
  }

  /**
   * A re-registering agent is the truth for its executors: the ones it reports that the
   * master does not know (a new leader's, or launched while it was away) are recorded, and
   * the ones the master knows that it does not report have ended, as Mesos's master reconciles
   * them. Their resources are not given back here: the agent is added to the allocator
   * afresh, with what it uses then.
   */
  void agentReregistered(AgentEntry agent, List<ExecutorInfo> reported) {
    Set<String> reportedKeys = new HashSet<>();
    for (ExecutorInfo info : reported) {
      String frameworkId = info.getFrameworkId().getValue();
      reportedKeys.add(ExecutorEntry.key(frameworkId, info.getExecutorId().getValue()));
      if (context.state.framework(frameworkId) != null
          && running(agent.id, frameworkId, info.getExecutorId().getValue()) == null) {
        launched(agent.id, info, Resources.fromProto(info.getResourcesList()));
      }
    }
    for (ExecutorEntry executor : List.copyOf(agent.executors.values())) {
      if (!reportedKeys.contains(executor.key())) {
        context.state.removeExecutor(agent.id, executor.frameworkId, executor.executorId);
        observers.executorRemoved(executor, null,
            "Executor was not reported by agent " + agent.id + " when it re-registered");
      }
    }
  }

  /** The agent says an executor ended: its resources go back to the allocator. */
  void exited(AgentEntry agent, AgentCall.ExitedExecutor exited) {
    ExecutorEntry executor =
        context.state.removeExecutor(agent.id, exited.getFrameworkId().getValue(), exited.getExecutorId().getValue());
    if (executor == null) {
      return; // A command executor, or one whose framework is gone.
    }
    allocator.recover(executor.frameworkId, agent.id, executor.resources, null);
    observers.executorRemoved(executor, exited.hasStatus() ? exited.getStatus() : null, exited.getMessage());
  }

  /**
   * A removed framework's executors no longer count (the allocator forgot the framework).
   *
   * @return the agents they ran on, which must shut them down even when no task of the
   *     framework is left there (a custom executor outlives its finished tasks)
   */
  Set<String> frameworkRemoved(FrameworkEntry framework) {
    Set<String> agents = new LinkedHashSet<>();
    for (AgentEntry agent : context.state.agents()) {
      for (ExecutorEntry executor : List.copyOf(agent.executors.values())) {
        if (executor.frameworkId.equals(framework.id)) {
          agents.add(agent.id);
          context.state.removeExecutor(agent.id, executor.frameworkId, executor.executorId);
          observers.executorRemoved(executor, null, "Framework " + framework.id + " removed");
        }
      }
    }
    return agents;
  }


  /** Asks the agent that runs the executor to shut it down (SHUTDOWN). */
  void shutdown(FrameworkEntry framework, Call.Shutdown shutdown) {
    AgentEntry agent = reachableAgent(shutdown.getAgentId().getValue());
    context.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.SHUTDOWN_EXECUTOR)
            .setShutdownExecutor(
                AgentEvent.ShutdownExecutor.newBuilder()
                    .setFrameworkId(framework.info.getId())
                    .setExecutorId(shutdown.getExecutorId()))
            .build());
  }

  /** Passes a framework's message to its executor, through the executor's agent (MESSAGE). */
  void frameworkMessage(FrameworkEntry framework, Call.Message message) {
    AgentEntry agent = reachableAgent(message.getAgentId().getValue());
    context.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.SEND_FRAMEWORK_MESSAGE)
            .setSendFrameworkMessage(
                AgentEvent.SendFrameworkMessage.newBuilder()
                    .setFrameworkId(framework.info.getId())
                    .setExecutorId(message.getExecutorId())
                    .setData(message.getData()))
            .build());
  }

  /** Passes an executor's message, which {@code agent} sent on, to the executor's framework. */
  void executorMessage(AgentEntry agent, AgentCall.SendExecutorMessage message) {
    FrameworkEntry framework = context.state.framework(message.getFrameworkId().getValue());
    if (framework == null) {
      throw Refusal.notFound("Unknown framework " + message.getFrameworkId().getValue());
    }
    context.toFramework(
        framework,
        Event.newBuilder()
            .setType(Event.Type.MESSAGE)
            .setMessage(
                Event.Message.newBuilder()
                    .setAgentId(AgentID.newBuilder().setValue(agent.id))
                    .setExecutorId(message.getExecutorId())
                    .setData(message.getData()))
            .build());
  }

  private AgentEntry reachableAgent(String agentId) {
    AgentEntry agent = context.state.agent(agentId);
    if (agent == null || !agent.reachable) {
      throw Refusal.notFound("Agent " + agentId + " is " + (agent == null ? "unknown" : "unreachable"));
    }
    return agent;
  }
}
