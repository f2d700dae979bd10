package io.mezzo.agent.http;

import io.mezzo.http.Endpoints;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/** {@code /health}: 200 while the agent runs, saying whether it is registered with a master. */
public final class AgentHealthEndpoints implements Endpoints {
  private final BooleanSupplier registered;

  public AgentHealthEndpoints(BooleanSupplier registered) {
    this.registered = registered;
  }

  @Override
  public void mount(Router router) {
    router.get("/health").handler(context -> context.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("healthy", true).put("registered", registered.getAsBoolean()).encode()));
  }
}
