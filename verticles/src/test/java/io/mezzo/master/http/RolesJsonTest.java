package io.mezzo.master.http;

import static io.mezzo.master.http.StateFixtures.FW;
import static io.mezzo.master.http.StateFixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.v1.WeightInfo;
import io.mezzo.v1.master.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code /roles}: every role with a weight, frameworks or reservations, in Mesos's shape. */
class RolesJsonTest {
  static JsonObject scalars(double cpus, double mem, double disk) {
    return new JsonObject().put("cpus", cpus).put("disk", disk).put("gpus", 0.0).put("mem", mem);
  }

  @Test
  void rolesHaveTheirWeightFrameworksAndWhatTheyHold() {
    Response.GetWeights weights = Response.GetWeights.newBuilder()
        .addWeightInfos(WeightInfo.newBuilder().setRole("ads").setWeight(2))
        .addWeightInfos(WeightInfo.newBuilder().setRole("batch").setWeight(0.5))
        .build();
    JsonArray roles = RolesJson.roles(state(), weights).getJsonArray("roles");
    assertEquals(2, roles.size(), roles.encode());

    JsonObject ads = roles.getJsonObject(0);
    assertEquals("ads", ads.getString("name"));
    assertEquals(2.0, ads.getDouble("weight"));
    assertEquals(new JsonArray().add(FW), ads.getJsonArray("frameworks"));
    assertEquals(scalars(0.1, 0, 0), ads.getJsonObject("allocated"));
    assertEquals(scalars(1, 0, 0), ads.getJsonObject("offered"));
    assertEquals(scalars(1.1, 0, 0), ads.getJsonObject("resources"), "used plus offered, as Mesos counts a role's resources");
    // Only the reachable agent's reservation: the unreachable one's cannot be used.
    assertEquals(scalars(0, 0, 100), ads.getJsonObject("reserved"));

    JsonObject batch = roles.getJsonObject(1);
    assertEquals("batch", batch.getString("name"));
    assertEquals(0.5, batch.getDouble("weight"));
    assertEquals(new JsonArray(), batch.getJsonArray("frameworks"));
    assertEquals(scalars(0, 0, 0), batch.getJsonObject("allocated"));
  }

  @Test
  void aRoleWithoutAWeightWeighsOne() {
    JsonArray roles = RolesJson.roles(state(), Response.GetWeights.getDefaultInstance()).getJsonArray("roles");
    assertEquals(1, roles.size());
    assertEquals(1.0, roles.getJsonObject(0).getDouble("weight"));
  }

  @Test
  void anEmptyClusterHasNoRoles() {
    assertEquals(new JsonObject().put("roles", new JsonArray()),
        RolesJson.roles(Response.GetState.getDefaultInstance(), Response.GetWeights.getDefaultInstance()));
  }
}
