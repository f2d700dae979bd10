package io.mezzo.master.core;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.AgentCalls;
import io.mezzo.v1.internal.AgentCall;

/** The agent API: has each call from an agent checked, then hands it to the master's parts. */
final class AgentApi {
  private final MasterContext context;
  private final Agents agents;
  private final Tasks tasks;
  private final Executors executors;

  AgentApi(MasterContext context, Agents agents, Tasks tasks, Executors executors) {
    this.context = context;
    this.agents = agents;
    this.tasks = tasks;
    this.executors = executors;
  }

  /**
   * Carries out {@code call}.
   *
   * @return the reply body (null when there is nothing to say)
   * @throws Refusal when the call is malformed or the agent must re-register
   */
  Object handle(AgentCall call) {
    AgentEntry agent = AgentCalls.fromRegisteredAgent(call.getType()) ? registered(call) : null;
    AgentCalls.check(call);
    switch (call.getType()) {
      case REGISTER_AGENT -> {
        return agents.register(call.getRegisterAgent());
      }
      case REREGISTER_AGENT -> {
        return agents.reregister(call.getReregisterAgent());
      }
      case UPDATE_STATUS -> tasks.update(agent, call.getUpdateStatus());
      case SEND_EXECUTOR_MESSAGE -> executors.executorMessage(agent, call.getSendExecutorMessage());
      case EXITED_EXECUTOR -> executors.exited(agent, call.getExitedExecutor());
      default -> throw new IllegalStateException("no handler for checked agent call type " + call.getType());
    }
    return null;
  }

  /** The registered, reachable agent that made the call; any other must re-register first. */
  private AgentEntry registered(AgentCall call) {
    AgentCalls.checkCaller(call);
    String id = call.getAgentId().getValue();
    AgentEntry agent = context.state.agent(id);
    if (agent == null || !agent.reachable) {
      throw new Refusal(Failure.CONFLICT, "Agent " + id + " is not registered with this master; re-register");
    }
    return agent;
  }
}
