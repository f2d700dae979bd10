package io.mezzo.agent.http;

import io.mezzo.http.Endpoints;
import io.mezzo.metrics.PrometheusEndpoint;
import io.vertx.core.Vertx;
import java.util.List;

/** Every endpoint group an agent serves on its HTTP port. */
public final class AgentEndpoints {
  private AgentEndpoints() {}

  /** The endpoints of {@code agent}: health, state, sandbox files, metrics and the executor API. */
  public static List<Endpoints> all(Vertx vertx, AgentView agent) {
    return List.of(
        new AgentHealthEndpoints(agent::registered),
        new AgentStateEndpoints(agent::state),
        new AgentFilesEndpoints(vertx, agent),
        new PrometheusEndpoint(vertx, agent.metrics()),
        new ExecutorEndpoints(vertx, agent));
  }
}
