package io.mezzo.master.http;

import io.mezzo.v1.Resource;
import io.mezzo.v1.WeightInfo;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code /roles} in Apache Mesos's shape: every role that has a weight,
 * frameworks or reservations, with its weight, its frameworks and what they hold. Built
 * from the leader's GET_STATE and GET_WEIGHTS answers; a pure function.
 */
public final class RolesJson {
  /** The weight of a role that was given none, as the allocator takes it. */
  static final double DEFAULT_WEIGHT = 1.0;

  private RolesJson() {}

  private static final class Role {
    double weight = DEFAULT_WEIGHT;
    final List<String> frameworks = new ArrayList<>();
    final List<Resource> allocated = new ArrayList<>();
    final List<Resource> offered = new ArrayList<>();
    final List<Resource> reserved = new ArrayList<>();
  }

  /** {@code {"roles": [...]}}, sorted by role name. */
  public static JsonObject roles(Response.GetState state, Response.GetWeights weights) {
    Map<String, Role> roles = new TreeMap<>();
    for (WeightInfo weight : weights.getWeightInfosList()) {
      role(roles, weight.getRole()).weight = weight.getWeight();
    }
    for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
      Role role = role(roles, MesosJson.role(framework.getFrameworkInfo()));
      role.frameworks.add(framework.getFrameworkInfo().getId().getValue());
      role.allocated.addAll(framework.getAllocatedResourcesList());
      role.offered.addAll(framework.getOfferedResourcesList());
    }
    for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
      // As for the cluster's totals, only reachable agents' reservations can be used.
      if (!agent.getActive()) {
        continue;
      }
      for (Resource resource : agent.getTotalResourcesList()) {
        if (!"*".equals(resource.getRole())) {
          role(roles, resource.getRole()).reserved.add(resource);
        }
      }
    }
    JsonArray json = new JsonArray();
    roles.forEach((name, role) -> {
      List<Resource> held = new ArrayList<>(role.allocated);
      held.addAll(role.offered);
      json.add(new JsonObject()
          .put("name", name)
          .put("weight", role.weight)
          .put("frameworks", new JsonArray(new ArrayList<>(role.frameworks)))
          // Mesos's "resources" of a role: what its frameworks hold, used or offered.
          .put("resources", MesosJson.resources(held))
          .put("allocated", MesosJson.resources(role.allocated))
          .put("offered", MesosJson.resources(role.offered))
          .put("reserved", MesosJson.resources(role.reserved)));
    });
    return new JsonObject().put("roles", json);
  }

  private static Role role(Map<String, Role> roles, String name) {
    return roles.computeIfAbsent(name, n -> new Role());
  }
}
