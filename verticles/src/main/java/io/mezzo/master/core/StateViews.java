package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Flag;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Role;
import io.mezzo.v1.TimeInfo;
import io.mezzo.v1.WeightInfo;
import io.mezzo.v1.master.Response;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The operator's views of the master's state, in the shapes of Mesos's operator API. */
final class StateViews {
  private static final long PROCESS_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

  /** The weight of a role that was given none, as the allocator takes it. */
  static final double DEFAULT_WEIGHT = 1.0;

  private final MasterContext context;

  StateViews(MasterContext context) {
    this.context = context;
  }

  Response.GetAgents.Agent agent(AgentEntry agent) {
    Response.GetAgents.Agent.Builder view =
        Response.GetAgents.Agent.newBuilder()
            .setAgentInfo(agent.info)
            .setActive(agent.reachable)
            .setVersion(agent.version == null ? "" : agent.version)
            .setPid(Addresses.agent(agent.id))
            .setRegisteredTime(time(agent.registeredMillis))
            .addAllTotalResources(agent.total.toProto())
            .addAllAllocatedResources(agent.used.toProto())
            .addAllOfferedResources(agent.offered.toProto());
    if (agent.reregisteredMillis > 0) {
      view.setReregisteredTime(time(agent.reregisteredMillis));
    }
    return view.build();
  }

  Response.GetFrameworks.Framework framework(FrameworkEntry framework) {
    Response.GetFrameworks.Framework.Builder view =
        Response.GetFrameworks.Framework.newBuilder()
            .setFrameworkInfo(framework.info)
            .setActive(framework.connected() && context.state.framework(framework.id) == framework)
            .setConnected(framework.connected())
            .setRecovered(framework.registeredMillis == 0)
            .addAllAllocatedResources(framework.used().toProto())
            .addAllOfferedResources(framework.offered().toProto());
    if (framework.registeredMillis > 0) {
      view.setRegisteredTime(time(framework.registeredMillis));
    }
    if (framework.reregisteredMillis > 0) {
      view.setReregisteredTime(time(framework.reregisteredMillis));
    }
    if (framework.unregisteredMillis > 0) {
      view.setUnregisteredTime(time(framework.unregisteredMillis));
    }
    framework.offers.values().forEach(offer -> view.addOffers(offer.offer()));
    return view.build();
  }

  Response.GetAgents agents() {
    Response.GetAgents.Builder agents = Response.GetAgents.newBuilder();
    context.state.agents().forEach(agent -> agents.addAgents(agent(agent)));
    return agents.build();
  }

  Response.GetFrameworks frameworks() {
    Response.GetFrameworks.Builder frameworks = Response.GetFrameworks.newBuilder();
    context.state.frameworks().forEach(framework -> frameworks.addFrameworks(framework(framework)));
    context.state.completedFrameworks().forEach(framework -> frameworks.addCompletedFrameworks(framework(framework)));
    return frameworks.build();
  }

  Response.GetTasks tasks() {
    Response.GetTasks.Builder tasks = Response.GetTasks.newBuilder();
    for (FrameworkEntry framework : context.state.frameworks()) {
      framework.tasks.values().forEach(task -> tasks.addTasks(task.task));
      framework.unreachableTasks.values().forEach(task -> tasks.addUnreachableTasks(task.task));
      tasks.addAllCompletedTasks(framework.completedTasks);
    }
    for (FrameworkEntry framework : context.state.completedFrameworks()) {
      tasks.addAllCompletedTasks(framework.completedTasks);
    }
    return tasks.build();
  }

  /**
   * The executors the master knows of: task groups' default executors and custom executors.
   * Command executors are made up by their agents and not listed, as Mesos's master does not.
   */
  Response.GetExecutors executors() {
    Response.GetExecutors.Builder executors = Response.GetExecutors.newBuilder();
    for (AgentEntry agent : context.state.agents()) {
      for (ExecutorEntry executor : agent.executors.values()) {
        executors.addExecutors(Response.GetExecutors.Executor.newBuilder()
            .setExecutorInfo(executor.info)
            .setAgentId(AgentID.newBuilder().setValue(agent.id)));
      }
    }
    return executors.build();
  }

  /**
   * Every role with a configured weight or a registered framework, by name: its weight, its
   * frameworks and what they hold; {@code withShares}, also the split of that into used and
   * offered, and what reachable agents reserve for it (Mezzo's extension fields).
   */
  Response.GetRoles roles(boolean withShares) {
    Map<String, Role.Builder> roles = new TreeMap<>();
    context.config.weights().forEach((name, weight) -> role(roles, name).setWeight(weight));
    for (FrameworkEntry framework : context.state.frameworks()) {
      List<Resource> allocated = framework.used().toProto();
      List<Resource> offered = framework.offered().toProto();
      Role.Builder role = role(roles, framework.role)
          .addFrameworks(framework.info.getId())
          .addAllResources(allocated)
          .addAllResources(offered);
      if (withShares) {
        role.addAllAllocated(allocated).addAllOffered(offered);
      }
    }
    for (AgentEntry agent : withShares ? context.state.agents() : List.<AgentEntry>of()) {
      // As for the cluster's totals, only reachable agents' reservations can be used.
      if (agent.reachable) {
        for (Resource resource : agent.total.toProto()) {
          if (!"*".equals(resource.getRole())) {
            role(roles, resource.getRole()).addReserved(resource);
          }
        }
      }
    }
    Response.GetRoles.Builder view = Response.GetRoles.newBuilder();
    roles.values().forEach(view::addRoles);
    return view.build();
  }

  private static Role.Builder role(Map<String, Role.Builder> roles, String name) {
    return roles.computeIfAbsent(name, n -> Role.newBuilder().setName(n).setWeight(DEFAULT_WEIGHT));
  }

  /** The master's configuration, one flag per setting. */
  Response.GetFlags flags() {
    Response.GetFlags.Builder flags = Response.GetFlags.newBuilder();
    context.config.flags().forEach((name, value) -> flags.addFlags(Flag.newBuilder().setName(name).setValue(value)));
    return flags.build();
  }

  Response.GetState state() {
    return Response.GetState.newBuilder()
        .setGetTasks(tasks())
        .setGetExecutors(executors())
        .setGetFrameworks(frameworks())
        .setGetAgents(agents())
        .build();
  }

  /** The role weights the allocator was configured with, by role name. */
  Response.GetWeights weights() {
    Response.GetWeights.Builder weights = Response.GetWeights.newBuilder();
    new TreeMap<>(context.config.weights()).forEach((role, weight) ->
        weights.addWeightInfos(WeightInfo.newBuilder().setRole(role).setWeight(weight)));
    return weights.build();
  }

  Response.GetMaster master() {
    return Response.GetMaster.newBuilder()
        .setMasterInfo(context.masterInfo)
        // Started with the process, elected with this term, as Mesos tells them apart.
        .setStartTime(PROCESS_START_MILLIS / 1000.0)
        .setElectedTime(context.startMillis / 1000.0)
        .build();
  }

  static FrameworkID frameworkId(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  static TimeInfo time(long millis) {
    return TimeInfo.newBuilder().setNanoseconds(millis * 1_000_000L).build();
  }
}
