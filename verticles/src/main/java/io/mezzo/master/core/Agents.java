package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's life at the master: registration, re-registration with its tasks, liveness by
 * pings, and being marked unreachable.
 */
final class Agents {
  private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

  private final MasterContext context;
  private final AllocatorClient allocator;
  private final Offers offers;
  private final Tasks tasks;
  private final Frameworks frameworks;
  private final Observers observers;
  private final Executors executors;

  Agents(MasterContext context, AllocatorClient allocator, Offers offers, Tasks tasks, Frameworks frameworks,
      Observers observers, Executors executors) {
    this.executors = executors;
    this.context = context;
    this.allocator = allocator;
    this.offers = offers;
    this.tasks = tasks;
    this.frameworks = frameworks;
    this.observers = observers;
  }

  /**
   * Registers a new agent. A retried registration of the same agent is answered again; an
   * agent ID already in use by another registration is refused.
   */
  AgentEvent register(AgentCall.RegisterAgent call) {
    AgentInfo info = call.getAgentInfo();
    Resources total = Resources.fromProto(info.getResourcesList());
    String id = info.getId().getValue();
    AgentEntry existing = context.state.agent(id);
    if (existing != null) {
      if (existing.reachable && existing.info.equals(info)) {
        return registered(AgentEvent.Type.AGENT_REGISTERED, id);
      }
      throw new Refusal(Failure.CONFLICT,
          "Agent " + id + " is already registered; an agent that restarts with its work dir must re-register");
    }
    AgentEntry agent = context.state.addAgent(id, info, total, context.nowMillis());
    agent.version = call.getVersion();
    context.state.changed(agent);
    allocator.addAgent(id, total, Map.of());
    LOG.info("agent {} ({}) registered with {}", id, info.getHostname(), total);
    observers.agentAdded(agent);
    return registered(AgentEvent.Type.AGENT_REGISTERED, id);
  }

  /**
   * Re-registers an agent with the tasks it runs: after the master lost sight of it, after
   * the agent restarted, or with a new leader that does not know it yet.
   */
  AgentEvent reregister(AgentCall.ReregisterAgent call) {
    AgentInfo info = call.getAgentInfo();
    Resources total = Resources.fromProto(info.getResourcesList());
    String id = info.getId().getValue();
    for (FrameworkInfo framework : call.getFrameworksList()) {
      frameworks.recover(framework);
    }
    AgentEntry agent = context.state.agent(id);
    boolean wasKnown = agent != null;
    boolean wasReachable = wasKnown && agent.reachable;
    long now = context.nowMillis();
    if (agent == null) {
      agent = context.state.addAgent(id, info, total, now);
    } else {
      if (agent.recovered) {
        agent.recovered = false;
        context.port.cancelTimer(agent.reregisterTimer);
      }
      if (wasReachable) {
        // The agent believes it lost the master: start its bookkeeping afresh.
        offers.rescindAll(agent.offers.values(), true, false);
        allocator.removeAgent(id);
      }
      agent.info = info;
      agent.total = total;
      agent.reachable = true;
      agent.missedPings = 0;
    }
    agent.reregisteredMillis = now;
    agent.version = call.getVersion();
    tasks.agentReregistered(agent, call.getTasksList(), wasKnown, wasReachable);
    executors.agentReregistered(agent, call.getExecutorsList());
    shutDownRemovedFrameworks(agent, call);
    context.state.changed(agent);
    allocator.addAgent(id, total, usedByFramework(agent));
    LOG.info("agent {} ({}) re-registered with {} tasks", id, info.getHostname(), call.getTasksCount());
    observers.agentAdded(agent);
    return registered(AgentEvent.Type.AGENT_REREGISTERED, id);
  }

  /**
   * The agent runs tasks or executors of frameworks that are gone: it shuts them down (a
   * custom executor may live on with no task left).
   */
  private void shutDownRemovedFrameworks(AgentEntry agent, AgentCall.ReregisterAgent call) {
    Set<String> removed = new LinkedHashSet<>();
    for (Task task : call.getTasksList()) {
      String frameworkId = task.getFrameworkId().getValue();
      if (context.state.framework(frameworkId) == null && !TaskStates.isTerminal(task.getState())) {
        removed.add(frameworkId);
      }
    }
    call.getExecutorsList().stream()
        .map(executor -> executor.getFrameworkId().getValue())
        .filter(frameworkId -> context.state.framework(frameworkId) == null)
        .forEach(removed::add);
    for (String frameworkId : removed) {
      context.toAgent(
          agent.id,
          AgentEvent.newBuilder()
              .setType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)
              .setShutdownFramework(
                  AgentEvent.ShutdownFramework.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId)))
              .build());
    }
  }

  private static Map<String, Resources> usedByFramework(AgentEntry agent) {
    Map<String, Resources> used = new HashMap<>();
    for (TaskEntry task : agent.tasks.values()) {
      used.merge(task.key.frameworkId(), task.resources, Resources::plus);
    }
    for (ExecutorEntry executor : agent.executors.values()) {
      used.merge(executor.frameworkId, executor.resources, Resources::plus);
    }
    return used;
  }

  private AgentEvent registered(AgentEvent.Type type, String agentId) {
    return AgentEvent.newBuilder()
        .setType(type)
        .setAgentRegistered(
            AgentEvent.AgentRegistered.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .setMasterInfo(context.masterInfo)
                .setPingIntervalSeconds(context.config.agentPingInterval().toMillis() / 1000.0)
                .setMaxMissedPings(context.config.maxMissedPings()))
        .build();
  }

  /**
   * A new leader found this agent in the replicated state: it gets
   * {@code agent_reregister_timeout} to re-register before it is marked unreachable.
   */
  void awaitReregistration(AgentEntry agent) {
    agent.recovered = true;
    agent.reregisterTimer = context.port.setTimer(context.config.agentReregisterTimeout().toMillis(), () -> {
      agent.reregisterTimer = -1;
      if (agent.recovered && context.state.agent(agent.id) == agent) {
        agent.recovered = false;
        agent.reachable = true;
        markUnreachable(agent, "did not re-register within " + context.config.agentReregisterTimeout().toSeconds()
            + " s of the new leader's election");
      }
    });
  }

  /**
   * Pings every reachable agent; an agent that misses {@code max_missed_pings} in a row is
   * marked unreachable. Recovered agents are pinged too: a ping from a higher epoch tells
   * them a new leader is waiting for them to re-register.
   */
  void ping() {
    List<AgentEntry> due = new ArrayList<>();
    for (AgentEntry agent : context.state.agents()) {
      if ((agent.reachable || agent.recovered) && !agent.pingInFlight) {
        due.add(agent);
      }
    }
    AgentEvent ping = AgentEvent.newBuilder().setType(AgentEvent.Type.PING_AGENT).build();
    for (AgentEntry agent : due) {
      agent.pingInFlight = true;
      context.port
          .request(Addresses.agent(agent.id), ping, context.config.agentPingInterval())
          .whenComplete(
              (answered, error) -> {
                agent.pingInFlight = false;
                if (context.state.agent(agent.id) != agent || !agent.reachable) {
                  // Recovered agents answer to the re-registration deadline, not to pings.
                  return;
                }
                if (error == null) {
                  agent.missedPings = 0;
                } else if (++agent.missedPings >= context.config.maxMissedPings()) {
                  markUnreachable(agent, agent.missedPings + " pings missed (" + error.getMessage() + ")");
                }
              });
    }
  }

  /** Cancels every timer, when the master stops. */
  void stop() {
    context.state.agents().forEach(agent -> context.port.cancelTimer(agent.reregisterTimer));
  }

  /**
   * The agent is out of reach: its resources leave the pool, its offers are rescinded, its
   * tasks become unreachable or lost, and every framework hears that the agent failed.
   */
  void markUnreachable(AgentEntry agent, String why) {
    LOG.warn("agent {} ({}) is unreachable: {}", agent.id, agent.info.getHostname(), why);
    agent.reachable = false;
    agent.unreachableMillis = context.nowMillis();
    context.state.changed(agent);
    offers.rescindAll(agent.offers.values(), true, false);
    allocator.removeAgent(agent.id);
    tasks.agentUnreachable(agent, why);
    Event failure =
        Event.newBuilder()
            .setType(Event.Type.FAILURE)
            .setFailure(Event.Failure.newBuilder().setAgentId(AgentID.newBuilder().setValue(agent.id)))
            .build();
    for (FrameworkEntry framework : context.state.frameworks()) {
      context.toFramework(framework, failure);
    }
    observers.agentRemoved(agent);
  }
}
