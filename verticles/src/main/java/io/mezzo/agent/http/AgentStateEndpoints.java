package io.mezzo.agent.http;

import io.mezzo.http.Endpoints;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code /state} (and {@code /state.json}): the agent, its master, its frameworks, executors
 * and tasks with their sandbox directories, in the shape of Apache Mesos's agent state; and
 * {@code /flags} (and {@code /flags.json}): its configuration, with the isolators that
 * really run and what they do not enforce (docs/isolation.md).
 */
public final class AgentStateEndpoints implements Endpoints {
  private final Supplier<JsonObject> state;

  /** @param state builds the state; called on the agent's event loop */
  public AgentStateEndpoints(Supplier<JsonObject> state) {
    this.state = state;
  }

  @Override
  public void mount(Router router) {
    for (String path : new String[] {"/state", "/state.json"}) {
      router.get(path).handler(context -> context.response()
          .putHeader("Content-Type", "application/json")
          .end(state.get().encode()));
    }
    for (String path : new String[] {"/flags", "/flags.json"}) {
      router.get(path).handler(context -> {
        JsonObject all = state.get();
        context.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("flags", all.getJsonObject("flags")).put("isolation", all.getJsonObject("isolation"))
                .encode());
      });
    }
  }
}
