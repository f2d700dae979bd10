package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The master endpoints Mesos tools read answer with the fields those tools look for. */
@ExtendWith(SharedLocal.class)
class EndpointsTest {
  private static String get(MesosLocal local, String path) throws Exception {
    HttpResponse<String> response = Http.get(local.master().resolve(path));
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response.body();
  }

  @Test
  void mesosToolsFindWhatTheyRead(MesosLocal local) throws Exception {
    String state = get(local, "/master/state");
    for (String field : new String[] {"\"build_date\"", "\"flags\"", "\"capabilities\"", "\"unregistered_frameworks\"",
        "\"slaves\"", "\"leader_info\""}) {
      assertTrue(state.contains(field), field + " missing from /master/state: " + state);
    }
    assertTrue(get(local, "/master/frameworks").contains("\"unregistered_frameworks\""));
    String slaves = get(local, "/master/slaves");
    assertTrue(slaves.contains("\"slaves\"") && slaves.contains("\"capabilities\""), slaves);
    assertTrue(get(local, "/master/roles").contains("\"roles\""));
    assertTrue(get(local, "/master/flags").contains("\"heartbeat_interval\""));
    String version = get(local, "/version");
    assertTrue(version.contains("\"version\"") && version.contains("\"build_date\""), version);
    Http.get(local.master().resolve("/health"));
    assertEquals(200, Http.get(local.master().resolve("/health")).statusCode());
    assertEquals(200, Http.get(local.agent().resolve("/health")).statusCode());
    assertFalse(get(local, "/master/state.json").isEmpty());
    HttpResponse<String> agentState = Http.get(local.agent().resolve("/state"));
    assertTrue(agentState.body().contains("\"flags\"") && agentState.body().contains("\"executor_registration_timeout\""),
        agentState.body());
    HttpResponse<String> agentMetrics = Http.get(local.agent().resolve("/metrics/snapshot"));
    assertEquals(200, agentMetrics.statusCode(), agentMetrics.body());
    assertTrue(agentMetrics.body().contains("\"slave/registered\":1") && agentMetrics.body().contains("\"slave/tasks_running\""),
        agentMetrics.body());
  }
}
