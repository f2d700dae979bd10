package io.mezzo.master.core;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;

/**
 * What passes between frameworks and their executors through the master: framework messages
 * down to an executor, executor messages up to the framework, and executor shutdowns. The
 * master relays them and keeps no record of them, as Mesos's does.
 */
final class Executors {
  private final MasterContext context;

  Executors(MasterContext context) {
    this.context = context;
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
