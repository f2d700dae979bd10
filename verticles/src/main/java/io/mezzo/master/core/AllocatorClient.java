package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.OfferFilters;
import io.mezzo.v1.internal.Allocation;
import io.mezzo.v1.internal.AllocatorCall;
import java.util.Map;
import java.util.Objects;

/** The master's side of the allocator protocol: one method per allocator command. */
final class AllocatorClient {
  private final MasterPort port;

  AllocatorClient(MasterPort port) {
    this.port = port;
  }

  /** Adds a framework of {@code role}, with the offer filters {@code info} sets for that role. */
  void addFramework(String frameworkId, String role, boolean suppressed, FrameworkInfo info) {
    send(withFilters(framework(AllocatorCall.Type.ADD_FRAMEWORK, frameworkId).setRole(role).setSuppressed(suppressed),
        info, role));
  }

  /**
   * Tells the allocator a framework's new FrameworkInfo when its offer filters for {@code role}
   * differ from those of {@code before}; nothing else in it matters to the allocator.
   */
  void updateFramework(String frameworkId, String role, FrameworkInfo before, FrameworkInfo after) {
    if (!Objects.equals(filters(before, role), filters(after, role))) {
      send(withFilters(framework(AllocatorCall.Type.UPDATE_FRAMEWORK, frameworkId), after, role));
    }
  }

  private static AllocatorCall.Builder withFilters(AllocatorCall.Builder call, FrameworkInfo info, String role) {
    OfferFilters filters = filters(info, role);
    return filters == null ? call : call.setOfferFilters(filters);
  }

  private static OfferFilters filters(FrameworkInfo info, String role) {
    return info.getOfferFiltersMap().get(role);
  }

  void removeFramework(String frameworkId) {
    send(framework(AllocatorCall.Type.REMOVE_FRAMEWORK, frameworkId));
  }

  void activateFramework(String frameworkId) {
    send(framework(AllocatorCall.Type.ACTIVATE_FRAMEWORK, frameworkId));
  }

  void deactivateFramework(String frameworkId) {
    send(framework(AllocatorCall.Type.DEACTIVATE_FRAMEWORK, frameworkId));
  }

  void suppress(String frameworkId) {
    send(framework(AllocatorCall.Type.SUPPRESS_OFFERS, frameworkId));
  }

  void revive(String frameworkId) {
    send(framework(AllocatorCall.Type.REVIVE_OFFERS, frameworkId));
  }

  /** Adds an agent with its total resources and what frameworks already use on it. */
  void addAgent(String agentId, Resources total, Map<String, Resources> usedByFramework) {
    AllocatorCall.Builder call =
        AllocatorCall.newBuilder()
            .setType(AllocatorCall.Type.ADD_AGENT)
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .addAllResources(total.toProto());
    usedByFramework.forEach(
        (frameworkId, used) ->
            call.addUsed(
                Allocation.newBuilder()
                    .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                    .setAgentId(AgentID.newBuilder().setValue(agentId))
                    .addAllResources(used.toProto())));
    send(call);
  }

  void removeAgent(String agentId) {
    send(AllocatorCall.newBuilder().setType(AllocatorCall.Type.REMOVE_AGENT).setAgentId(AgentID.newBuilder().setValue(agentId)));
  }

  /**
   * Gives resources a framework held on an agent back to the pool; with {@code filters},
   * the framework refuses them for {@code refuse_seconds}.
   */
  void recover(String frameworkId, String agentId, Resources resources, Filters filters) {
    if (resources.isEmpty()) {
      return;
    }
    AllocatorCall.Builder call =
        framework(AllocatorCall.Type.RECOVER_RESOURCES, frameworkId)
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .addAllResources(resources.toProto());
    if (filters != null) {
      call.setFilters(filters);
    }
    send(call);
  }

  private static AllocatorCall.Builder framework(AllocatorCall.Type type, String frameworkId) {
    return AllocatorCall.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
  }

  private void send(AllocatorCall.Builder call) {
    port.send(Addresses.ALLOCATOR, call.build());
  }
}
