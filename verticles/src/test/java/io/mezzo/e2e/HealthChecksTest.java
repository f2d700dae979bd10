package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.HealthCheck;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks and checks of real tasks, end to end: a {@code python3 -m http.server} task
 * is reported healthy by an HTTP, TCP or COMMAND health check, goes unhealthy once its
 * server stops (the test drops a file the task's command waits for), and is killed after
 * its consecutive failures; checks report their results in {@code check_status}.
 */
@ExtendWith(VertxExtension.class)
class HealthChecksTest {
  static final Duration WAIT = Duration.ofSeconds(Long.getLong("mezzo.test.wait.seconds", 60));

  /** A web server on $PORT0 until the file {@code stop} appears in the sandbox, then nothing but sleep. */
  static final String SERVER = "python3 -m http.server \"$PORT0\" --bind 127.0.0.1 & server=$!;"
      + " while [ ! -f stop ]; do sleep 0.2; done; kill $server; sleep 600";

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HealthCheck.Builder fast(HealthCheck.Type type) {
    // Failures before the first success (python still starting) fall in the grace period.
    return HealthCheck.newBuilder().setType(type).setDelaySeconds(0).setIntervalSeconds(0.5).setTimeoutSeconds(2)
        .setConsecutiveFailures(2).setGracePeriodSeconds(30);
  }

  private static TaskInfo server(String id, Offer offer, int port, HealthCheck health, CheckInfo check) {
    TaskInfo.Builder task = TestFramework.task(id, offer, SERVER, "cpus:0.5;mem:64;ports:[" + port + "-" + port + "]")
        .toBuilder().setHealthCheck(health);
    if (check != null) {
      task.setCheck(check);
    }
    return task.build();
  }

  private static TaskStatus awaitHealth(TestFramework framework, String id, boolean healthy) {
    Await.until("task " + id + " reported " + (healthy ? "healthy" : "unhealthy"), WAIT,
        () -> framework.updates(id).stream().anyMatch(s -> s.hasHealthy() && s.getHealthy() == healthy));
    return framework.updates(id).stream().filter(s -> s.hasHealthy() && s.getHealthy() == healthy).findFirst().orElseThrow();
  }

  /** Stops the task's web server, then waits for the health check to kill the task. */
  private static TaskStatus stopServerAndAwaitKill(LocalCluster cluster, TestFramework framework, String id)
      throws IOException {
    Files.writeString(cluster.sandbox(0, id).resolve("stop"), "");
    TaskStatus killed = framework.awaitState(id, TaskState.TASK_KILLED, WAIT);
    assertTrue(killed.getMessage().contains("health check failed 2 times in a row"), killed.getMessage());
    assertTrue(killed.hasHealthy() && !killed.getHealthy(), "the end of a task its health check killed says unhealthy");
    TaskStatus unhealthy = awaitHealth(framework, id, false);
    assertEquals(TaskState.TASK_RUNNING, unhealthy.getState());
    assertEquals(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, unhealthy.getReason());
    Await.until("resources freed", WAIT, () -> cluster.usedResources().isEmpty());
    return killed;
  }

  @Test
  void httpHealthCheckReportsHealthyThenKillsTheTaskWhenItsServerStops(Vertx vertx, @TempDir Path dir) throws IOException {
    int port = freePort();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;ports:[" + port + "-" + port + "]")) {
      TestFramework framework = new TestFramework(vertx, "http-health");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      HealthCheck health = fast(HealthCheck.Type.HTTP)
          .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath("/")).build();
      framework.launch(offer, List.of(server("web", offer, port, health, null)), 0);

      TaskStatus healthy = awaitHealth(framework, "web", true);
      assertEquals(TaskState.TASK_RUNNING, healthy.getState());
      assertEquals(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, healthy.getReason());
      assertEquals(1, framework.updates("web").stream().filter(s -> s.hasHealthy() && s.getHealthy()).count(),
          "healthy is reported once, not at every success");
      TaskStatus killed = stopServerAndAwaitKill(cluster, framework, "web");
      assertTrue(killed.getMessage().contains("HTTP check of http://127.0.0.1:" + port + "/ failed"), killed.getMessage());
    }
  }

  @Test
  void tcpHealthCheckWithACommandCheckWhoseResultChanges(Vertx vertx, @TempDir Path dir) throws IOException {
    int port = freePort();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;ports:[" + port + "-" + port + "]")) {
      TestFramework framework = new TestFramework(vertx, "tcp-health");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      HealthCheck health = fast(HealthCheck.Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(port)).build();
      // A check in the task's sandbox and environment: exit 0 once "ready" holds the task's port.
      CheckInfo check = CheckInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
          .setCommand(CheckInfo.Command.newBuilder().setCommand(CommandInfo.newBuilder()
              .setValue("test \"$(cat ready 2>/dev/null)\" = \"$PORT0\"")))
          .setDelaySeconds(0).setIntervalSeconds(0.3).setTimeoutSeconds(5).build();
      framework.launch(offer, List.of(server("tcp", offer, port, health, check)), 0);

      Await.until("check reports exit code 1", WAIT, () -> framework.updates("tcp").stream()
          .anyMatch(s -> s.getCheckStatus().getCommand().hasExitCode() && s.getCheckStatus().getCommand().getExitCode() == 1));
      awaitHealth(framework, "tcp", true);
      Files.writeString(cluster.sandbox(0, "tcp").resolve("ready"), Integer.toString(port));
      Await.until("check reports exit code 0", WAIT, () -> framework.updates("tcp").stream()
          .anyMatch(s -> s.getCheckStatus().getCommand().hasExitCode() && s.getCheckStatus().getCommand().getExitCode() == 0));
      TaskStatus ready = framework.updates("tcp").stream()
          .filter(s -> s.getReason() == TaskStatus.Reason.REASON_TASK_CHECK_STATUS_UPDATED
              && s.getCheckStatus().getCommand().getExitCode() == 0)
          .findFirst().orElseThrow();
      assertEquals(TaskState.TASK_RUNNING, ready.getState());
      assertTrue(ready.getHealthy(), "a check update carries the latest health");

      TaskStatus killed = stopServerAndAwaitKill(cluster, framework, "tcp");
      assertTrue(killed.getMessage().contains("TCP connection failed"), killed.getMessage());
      assertEquals(CheckInfo.Type.COMMAND, killed.getCheckStatus().getType(), "every update of a task with a check has one");
    }
  }

  @Test
  void commandHealthCheckWithATcpCheck(Vertx vertx, @TempDir Path dir) throws IOException {
    int port = freePort();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:2;mem:1024;ports:[" + port + "-" + port + "]")) {
      TestFramework framework = new TestFramework(vertx, "command-health");
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      // Healthy while the task's web server answers, asked by a command in the task's environment.
      HealthCheck health = fast(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder()
          .setValue("python3 -c \"import socket,os; socket.create_connection(('127.0.0.1', int(os.environ['PORT0'])), 1)\""))
          .build();
      CheckInfo check = CheckInfo.newBuilder().setType(CheckInfo.Type.TCP).setTcp(CheckInfo.Tcp.newBuilder().setPort(port))
          .setDelaySeconds(0).setIntervalSeconds(0.3).setTimeoutSeconds(2).build();
      framework.launch(offer, List.of(server("cmd", offer, port, health, check)), 0);

      awaitHealth(framework, "cmd", true);
      Await.until("TCP check succeeded", WAIT,
          () -> framework.updates("cmd").stream().anyMatch(s -> s.getCheckStatus().getTcp().getSucceeded()));
      TaskStatus killed = stopServerAndAwaitKill(cluster, framework, "cmd");
      assertTrue(killed.getMessage().contains("COMMAND check failed: Command exited with status 1"), killed.getMessage());
      assertFalse(killed.getCheckStatus().getTcp().hasSucceeded(), "transitions carry an empty check status, as Mesos");
    }
  }
}
