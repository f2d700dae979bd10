package io.mezzo.testing;

import io.mezzo.bus.Addresses;
import io.mezzo.model.Resources;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;

/** Questions a test asks the leading master through the operator API. */
public final class MasterQueries {
  private MasterQueries() {}

  public static Response.GetState state(Vertx vertx) {
    Response response =
        Await.result(vertx.eventBus()
            .<Response>request(Addresses.MASTER, Call.newBuilder().setType(Call.Type.GET_STATE).build())
            .map(m -> m.body()));
    return response.getGetState();
  }

  /** The operator's view of one agent, or null when the master does not know it. */
  public static Response.GetAgents.Agent agent(Vertx vertx, String agentId) {
    return state(vertx).getGetAgents().getAgentsList().stream()
        .filter(a -> a.getAgentInfo().getId().getValue().equals(agentId))
        .findFirst()
        .orElse(null);
  }

  /** Total resources of reachable agents. */
  public static Resources totalResources(Vertx vertx) {
    Resources.Builder total = Resources.builder();
    state(vertx).getGetAgents().getAgentsList().stream()
        .filter(Response.GetAgents.Agent::getActive)
        .forEach(a -> total.add(Resources.fromProto(a.getTotalResourcesList())));
    return total.build();
  }

  /** Resources used by tasks on reachable agents. */
  public static Resources usedResources(Vertx vertx) {
    Resources.Builder used = Resources.builder();
    state(vertx).getGetAgents().getAgentsList().stream()
        .filter(Response.GetAgents.Agent::getActive)
        .forEach(a -> used.add(Resources.fromProto(a.getAllocatedResourcesList())));
    return used.build();
  }
}
