package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.model.Resources;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Role;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code /roles}: the leader's GET_ROLES in Mesos's shape (which roles there are is the core's business). */
class RolesJsonTest {
  static JsonObject scalars(double cpus, double mem, double disk) {
    return new JsonObject().put("cpus", cpus).put("disk", disk).put("gpus", 0.0).put("mem", mem);
  }

  @Test
  void aRoleHasItsWeightFrameworksAndWhatTheyHoldInMesossShape() {
    Response.GetRoles roles = Response.GetRoles.newBuilder()
        .addRoles(Role.newBuilder().setName("ads").setWeight(2)
            .addFrameworks(FrameworkID.newBuilder().setValue("f1"))
            .addAllResources(Resources.parse("cpus:0.1").toProto())
            .addAllResources(Resources.parse("cpus:1").toProto())
            .addAllAllocated(Resources.parse("cpus:0.1").toProto())
            .addAllOffered(Resources.parse("cpus:1").toProto())
            .addAllReserved(Resources.parse("disk(ads):100").toProto()))
        .build();

    JsonObject ads = RolesJson.roles(roles).getJsonArray("roles").getJsonObject(0);

    assertEquals("ads", ads.getString("name"));
    assertEquals(2.0, ads.getDouble("weight"));
    assertEquals(new JsonArray().add("f1"), ads.getJsonArray("frameworks"));
    assertEquals(scalars(0.1, 0, 0), ads.getJsonObject("allocated"));
    assertEquals(scalars(1, 0, 0), ads.getJsonObject("offered"));
    assertEquals(scalars(1.1, 0, 0), ads.getJsonObject("resources"), "used plus offered, summed");
    assertEquals(scalars(0, 0, 100), ads.getJsonObject("reserved"));
  }

  @Test
  void noRolesIsAnEmptyList() {
    assertEquals(new JsonObject().put("roles", new JsonArray()), RolesJson.roles(Response.GetRoles.getDefaultInstance()));
  }
}
