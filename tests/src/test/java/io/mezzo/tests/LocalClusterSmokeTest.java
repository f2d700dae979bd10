package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mezzo local} starts, and the command line reports errors in one line. */
@ExtendWith(MezzoLocalExtension.class)
class LocalClusterSmokeTest {
  @Test
  void helpAndVersionWork() throws Exception {
    MezzoCli.Result help = MezzoCli.run(Duration.ofSeconds(30), java.util.Map.of(), "--help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.stdout().contains("local") && help.stdout().contains("agent"), help.stdout());
  }

  @Test
  void unknownConfigKeyFailsTheStartNamingIt() throws Exception {
    MezzoCli.Result result = MezzoCli.run(Duration.ofSeconds(30), java.util.Map.of("MEZZO_MASTER_ALLOCATON_INTERVAL", "1s"),
        "master", "--cluster-port", Integer.toString(ProcessCluster.freePort()));
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.stderr().lines().anyMatch(l -> l.startsWith("mezzo: ") && l.contains("master.allocaton_interval")),
        result.stderr());
    assertTrue(result.stderr().lines().noneMatch(l -> l.contains("\tat ")), "no stack trace: " + result.stderr());
  }

  @Test
  void localClusterAnswersHealth(MezzoLocal local) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response = client.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + local.master() + "/master/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
