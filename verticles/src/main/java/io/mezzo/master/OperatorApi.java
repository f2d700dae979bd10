package io.mezzo.master;

import io.mezzo.Version;
import io.mezzo.v1.VersionInfo;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;

/** The read-only operator API: the master's state in the shapes of Mesos's operator API. */
final class OperatorApi {
  private final StateViews views;

  OperatorApi(StateViews views) {
    this.views = views;
  }

  Response handle(Call call) {
    Response.Builder response = Response.newBuilder();
    switch (call.getType()) {
      case GET_HEALTH -> response.setType(Response.Type.GET_HEALTH)
          .setGetHealth(Response.GetHealth.newBuilder().setHealthy(true));
      case GET_VERSION -> response.setType(Response.Type.GET_VERSION)
          .setGetVersion(Response.GetVersion.newBuilder()
              .setVersionInfo(VersionInfo.newBuilder().setVersion(Version.VERSION)));
      case GET_STATE -> response.setType(Response.Type.GET_STATE).setGetState(views.state());
      case GET_AGENTS -> response.setType(Response.Type.GET_AGENTS).setGetAgents(views.agents());
      case GET_FRAMEWORKS -> response.setType(Response.Type.GET_FRAMEWORKS).setGetFrameworks(views.frameworks());
      case GET_TASKS -> response.setType(Response.Type.GET_TASKS).setGetTasks(views.tasks());
      case GET_MASTER -> response.setType(Response.Type.GET_MASTER).setGetMaster(views.master());
      default -> throw Refusal.badRequest("Unsupported operator call type " + call.getType());
    }
    return response.build();
  }
}
