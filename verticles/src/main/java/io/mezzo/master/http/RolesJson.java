package io.mezzo.master.http;

import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Role;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The body of {@code /roles} in Apache Mesos's shape, rendered from the leader's GET_ROLES
 * answer (which decides what roles there are and what they hold); a pure function.
 */
public final class RolesJson {
  /** The call whose answer this renders: GET_ROLES with Mezzo's split of each role's share. */
  public static final Call CALL = Call.newBuilder().setType(Call.Type.GET_ROLES)
      .setGetRoles(Call.GetRoles.newBuilder().setWithShares(true)).build();

  private RolesJson() {}

  /** {@code {"roles": [...]}}, in the answer's order (by role name). */
  public static JsonObject roles(Response.GetRoles roles) {
    JsonArray json = new JsonArray();
    for (Role role : roles.getRolesList()) {
      json.add(new JsonObject()
          .put("name", role.getName())
          .put("weight", role.getWeight())
          .put("frameworks", new JsonArray(role.getFrameworksList().stream().map(FrameworkID::getValue).toList()))
          // Mesos's "resources" of a role: what its frameworks hold, used or offered.
          .put("resources", MesosJson.resources(role.getResourcesList()))
          .put("allocated", MesosJson.resources(role.getAllocatedList()))
          .put("offered", MesosJson.resources(role.getOfferedList()))
          .put("reserved", MesosJson.resources(role.getReservedList())));
    }
    return new JsonObject().put("roles", json);
  }
}
