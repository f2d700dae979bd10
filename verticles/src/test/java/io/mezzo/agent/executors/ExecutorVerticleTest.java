package io.mezzo.agent.executors;

import static io.mezzo.agent.executors.ExecutorBus.kill;
import static io.mezzo.agent.executors.ExecutorBus.launch;
import static io.mezzo.agent.executors.ExecutorBus.shutdown;
import static io.mezzo.agent.executors.ExecutorBus.subscribed;
import static io.mezzo.agent.executors.ExecutorBus.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executor verticles deployed on their own, with no agent: the test plays the agent on the
 * run's two event-bus addresses, which is all an agent and its executors share.
 */
@ExtendWith(VertxExtension.class)
class ExecutorVerticleTest {
  @Test
  void commandExecutorRunsItsTaskReportsAndEndsOnceTheEndIsAcknowledged(Vertx vertx, @TempDir Path work)
      throws Exception {
    try (ExecutorBus bus = new ExecutorBus(vertx, work)) {
      ExecutorRunSpec spec = bus.spec(ExecutorKind.COMMAND, "t1", work);
      Await.result(vertx.deployVerticle(new CommandExecutorVerticle(spec, bus.tools)));

      Call subscribe = bus.nextCall(Call.Type.SUBSCRIBE);
      assertEquals("t1", subscribe.getExecutorId().getValue());
      assertEquals("fw-1", subscribe.getFrameworkId().getValue());
      bus.send(subscribed());
      bus.send(launch(task("t1", "echo hello > out.txt")));

      TaskStatus running = bus.nextUpdate("t1", TaskState.TASK_RUNNING);
      assertEquals("t1", running.getExecutorId().getValue());
      assertEquals(16, running.getUuid().size());
      bus.nextUpdate("t1", TaskState.TASK_FINISHED);
      bus.nextTermination();
      assertEquals("hello\n", Files.readString(spec.sandbox().resolve("out.txt"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void killEndsTheTaskKilledAndShutdownEndsAnIdleRun(Vertx vertx, @TempDir Path work) throws Exception {
    try (ExecutorBus bus = new ExecutorBus(vertx, work)) {
      Await.result(vertx.deployVerticle(new CommandExecutorVerticle(bus.spec(ExecutorKind.COMMAND, "t1", work), bus.tools)));
      bus.nextCall(Call.Type.SUBSCRIBE);
      bus.send(subscribed());
      bus.send(launch(task("t1", "sleep 60")));
      bus.nextUpdate("t1", TaskState.TASK_RUNNING);

      bus.send(kill("t1"));
      bus.nextUpdate("t1", TaskState.TASK_KILLED);
      bus.nextTermination();
    }
  }

  /**
   * An agent that stops undeploys its executor verticles and leaves their tasks running; a
   * restarted agent's new verticle for the same run adopts them. The old verticle still hears
   * its task end (the JVM's process reaper outlives it), but must say nothing: on the run's
   * address its TASK_FAILED would race the new verticle's TASK_KILLED.
   */
  @Test
  void undeployedExecutorSaysNothingWhenItsTaskEnds(Vertx vertx, @TempDir Path work) throws Exception {
    try (ExecutorBus bus = new ExecutorBus(vertx, work)) {
      String deployment = Await.result(
          vertx.deployVerticle(new CommandExecutorVerticle(bus.spec(ExecutorKind.COMMAND, "t1", work), bus.tools)));
      bus.nextCall(Call.Type.SUBSCRIBE);
      bus.send(subscribed());
      bus.send(launch(task("t1", "echo $$ > pid; sleep 1")));
      bus.nextUpdate("t1", TaskState.TASK_RUNNING);
      Path pidFile = work.resolve("agents").resolve(ExecutorBus.AGENT).resolve("frameworks/fw-1/executors/t1/runs")
          .resolve(bus.runId).resolve("pid");
      Await.until("the task wrote its pid", Duration.ofSeconds(20),
          () -> Files.exists(pidFile) && Files.isReadable(pidFile) && pidFile.toFile().length() > 0);
      long pid = Long.parseLong(Files.readString(pidFile).trim());

      Await.result(vertx.undeploy(deployment));
      Await.until("the task ended", Duration.ofSeconds(20),
          () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      // The monitor's exit is seen within the adopted-monitor poll and the group wait.
      Thread.sleep(3_000);
      assertEquals(null, bus.heard.poll(), "an undeployed executor reported");
    }
  }

  @Test
  void shutdownKillsTheTasksAndEndsTheRun(Vertx vertx, @TempDir Path work) throws Exception {
    try (ExecutorBus bus = new ExecutorBus(vertx, work)) {
      Await.result(vertx.deployVerticle(new CommandExecutorVerticle(bus.spec(ExecutorKind.COMMAND, "t1", work), bus.tools)));
      bus.nextCall(Call.Type.SUBSCRIBE);
      bus.send(subscribed());
      bus.send(launch(task("t1", "sleep 60")));
      bus.nextUpdate("t1", TaskState.TASK_RUNNING);

      bus.send(shutdown());
      bus.nextUpdate("t1", TaskState.TASK_KILLED);
      bus.nextTermination();
    }
  }

  @Test
  void defaultExecutorKillsTheRestOfAGroupWhenOneTaskFails(Vertx vertx, @TempDir Path work) throws Exception {
    try (ExecutorBus bus = new ExecutorBus(vertx, work)) {
      ExecutorRunSpec spec = bus.spec(ExecutorKind.DEFAULT, "group-executor", work);
      Await.result(vertx.deployVerticle(new DefaultExecutorVerticle(spec, bus.tools)));
      bus.nextCall(Call.Type.SUBSCRIBE);
      bus.send(subscribed());
      // The failing task waits for the others to run, so all three are seen running together.
      String others = "for i in $(seq 200); do [ -f ../a/pid ] && [ -f ../b/pid ] && exit 1; sleep 0.05; done; exit 2";
      bus.send(Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
          .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(TaskGroupInfo.newBuilder()
              .addTasks(task("a", "echo $$ > pid; sleep 60"))
              .addTasks(task("b", "echo $$ > pid; sleep 60"))
              .addTasks(task("c", others))))
          .build());

      Map<String, TaskState> last = new HashMap<>();
      while (!(last.size() == 3 && last.values().stream().allMatch(s -> s != TaskState.TASK_RUNNING))) {
        TaskStatus status = bus.nextUpdate();
        last.put(status.getTaskId().getValue(), status.getState());
      }
      assertEquals(Map.of("a", TaskState.TASK_KILLED, "b", TaskState.TASK_KILLED, "c", TaskState.TASK_FAILED), last);
      bus.nextTermination();
      for (String task : new String[] {"a", "b", "c"}) {
        assertTrue(Files.isDirectory(spec.sandbox().resolve("tasks").resolve(task)), "sandbox of " + task);
      }
    }
  }
}
