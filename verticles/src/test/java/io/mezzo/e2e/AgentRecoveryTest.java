package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.AgentVerticle;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TaskProcesses;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.mezzo.v1.internal.TaskCheckpoint;
import io.mezzo.v1.master.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that crashes (is undeployed, its tasks left running) and starts again on the same
 * work dir takes its tasks back: live ones are re-attached, ended ones are reported with the
 * outcome their monitor recorded, unacknowledged updates are sent again, and a PID that now
 * belongs to another process is neither adopted nor killed.
 */
@ExtendWith(VertxExtension.class)
class AgentRecoveryTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TASK_RESOURCES = "cpus:0.5;mem:64";

  /** Pings that keep going unanswered for a minute before the agent is given up on. */
  static JsonObject patientMaster(Path dir) {
    return LocalCluster.fastMaster(dir).put("agent_ping_interval", "1s").put("max_missed_pings", 60);
  }

  @Test
  void restartedAgentReattachesToLiveTasksAndReportsTheEndedOnes(Vertx vertx, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, patientMaster(dir), "cpus:4;mem:1024")) {
      // Nothing is acknowledged before the crash: every RUNNING update is still owed.
      TestFramework framework = new TestFramework(vertx, "recovering").autoAcknowledge(false);
      framework.subscribe();
      Offer offer = framework.nextOffer(WAIT);
      framework.launch(offer, List.of(
          TestFramework.task("long", offer, "sleep 600", TASK_RESOURCES),
          TestFramework.task("short", offer, "sleep 2; exit 3", TASK_RESOURCES),
          TestFramework.task("victim", offer, "sleep 600", TASK_RESOURCES)), 0);
      for (String task : List.of("long", "short", "victim")) {
        framework.awaitState(task, TaskState.TASK_RUNNING, WAIT);
      }
      TaskStatus longRunning = framework.updates("long").get(0);
      String agentId = cluster.agent(0).agentId();
      long longGroup = TaskProcesses.taskPid(cluster.sandbox(0, "long"));
      long victimGroup = TaskProcesses.taskPid(cluster.sandbox(0, "victim"));

      cluster.stopAgent(0);
      // While no agent watches: one task ends by itself, another is killed from outside.
      new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + victimGroup).start().waitFor(10, TimeUnit.SECONDS);
      for (String task : List.of("short", "victim")) {
        Path status = cluster.sandbox(0, task).resolve(".mezzo").resolve("exit_status");
        Await.until(task + " ended", WAIT, () -> Files.exists(status));
      }
      assertFalse(TaskProcesses.groupMembers(longGroup).isEmpty(), "the crash left the long task running");
      int longUpdatesBefore = framework.updates("long").size();

      AgentVerticle restarted = cluster.restartAgent(0);
      assertEquals(agentId, restarted.agentId());

      Await.until("long's RUNNING sent again", WAIT, () -> framework.updates("long").size() > longUpdatesBefore);
      TaskStatus again = framework.updates("long").get(longUpdatesBefore);
      assertEquals(TaskState.TASK_RUNNING, again.getState());
      assertEquals(longRunning.getUuid(), again.getUuid(), "the recovered update keeps its uuid");
      framework.autoAcknowledge(true);
      for (String task : List.of("long", "short", "victim")) {
        List<TaskStatus> updates = framework.updates(task);
        framework.client().acknowledge(updates.get(updates.size() - 1));
      }

      TaskStatus shortEnd = framework.awaitState("short", TaskState.TASK_FAILED, WAIT);
      assertTrue(shortEnd.getMessage().contains("status 3"), shortEnd.getMessage());
      TaskStatus victimEnd = framework.awaitState("victim", TaskState.TASK_FAILED, WAIT);
      assertEquals("Command terminated with signal 9 (SIGKILL)", victimEnd.getMessage());

      Await.until("only the long task holds resources", WAIT, () -> {
        Response.GetAgents.Agent agent = cluster.agentView(agentId);
        return agent != null && agent.getActive()
            && Resources.fromProto(agent.getAllocatedResourcesList()).equals(Resources.parse(TASK_RESOURCES));
      });
      io.mezzo.v1.Task longAtMaster = cluster.state().getGetTasks().getTasksList().stream()
          .filter(t -> t.getTaskId().getValue().equals("long")).findFirst().orElseThrow();
      assertEquals(TaskState.TASK_RUNNING, longAtMaster.getState());
      assertEquals(agentId, longAtMaster.getAgentId().getValue());

      // Only a re-attached agent can stop the task: it is no child of the new agent.
      Await.result(framework.client().kill(TaskID.newBuilder().setValue("long").build(),
          AgentID.newBuilder().setValue(agentId).build()));
      framework.awaitState("long", TaskState.TASK_KILLED, WAIT);
      assertEquals(List.of(), TaskProcesses.groupMembers(longGroup), "the long task's group is gone");
      assertTrue(framework.updates("long").stream().allMatch(s -> s.getState() == TaskState.TASK_RUNNING
          || s.getState() == TaskState.TASK_KILLED), "no other state for the long task: " + framework.updates("long"));
      Await.result(framework.client().teardown());
    }
  }

  @Test
  void taskWhoseMonitorPidWasReusedIsNotAdoptedAndTheNewProcessIsLeftAlone(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Process bystander = new ProcessBuilder("sleep", "600").start();
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, patientMaster(dir), "cpus:4;mem:1024")) {
      TestFramework framework = new TestFramework(vertx, "reused");
      framework.subscribe();
      String agentId = cluster.agent(0).agentId();
      cluster.stopAgent(0);
      long bystanderStart = bystander.toHandle().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
      Checkpoints checkpoints = new Checkpoints(cluster.agentDir(0), agentId, framework);
      // Its "monitor" is alive but started an hour after the checkpointed one: another process.
      checkpoints.write("reused", ProcessCheckpoint.newBuilder()
          .setMonitorPid(bystander.pid())
          .setMonitorStartMillis(bystanderStart - Duration.ofHours(1).toMillis())
          .setTaskPid(bystander.pid())
          .build());
      // Its monitor is gone and recorded the task's success.
      Path endedSandbox = checkpoints.write("ended", ProcessCheckpoint.newBuilder()
          .setMonitorPid(bystander.pid())
          .setMonitorStartMillis(bystanderStart - Duration.ofHours(2).toMillis())
          .setTaskPid(bystander.pid())
          .build());
      Files.writeString(endedSandbox.resolve(".mezzo").resolve("exit_status"), "0\n", StandardCharsets.UTF_8);
      // The agent died mid-launch; the pid file, which the task writes, names the bystander.
      Path interruptedSandbox = checkpoints.write("interrupted", null);
      Files.writeString(interruptedSandbox.resolve(".mezzo").resolve("pid"), bystander.pid() + "\n");

      cluster.restartAgent(0);

      TaskStatus lost = framework.awaitState("reused", TaskState.TASK_LOST, WAIT);
      assertEquals(TaskStatus.Reason.REASON_AGENT_RESTARTED, lost.getReason());
      assertEquals(TaskStatus.Source.SOURCE_AGENT, lost.getSource());
      assertTrue(lost.getMessage().contains("ended while the agent was down"), lost.getMessage());
      framework.awaitState("ended", TaskState.TASK_FINISHED, WAIT);
      TaskStatus interrupted = framework.awaitState("interrupted", TaskState.TASK_LOST, WAIT);
      assertTrue(interrupted.getMessage().contains("while launching"), interrupted.getMessage());
      assertTrue(bystander.isAlive(), "a process that merely has the PID is not killed");
      Await.result(framework.client().teardown());
    } finally {
      bystander.destroyForcibly();
      bystander.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Writes task checkpoints as an agent would have, for tasks that never really ran. */
  private record Checkpoints(Path workDir, String agentId, TestFramework framework) {
    /** Checkpoints task {@code taskId} with {@code processes} (none when null); returns its sandbox. */
    Path write(String taskId, ProcessCheckpoint processes) throws Exception {
      String frameworkId = framework.id().getValue();
      Path sandbox = workDir.toAbsolutePath().normalize().resolve("agents").resolve(agentId).resolve("frameworks")
          .resolve(frameworkId).resolve("executors").resolve(taskId).resolve("runs").resolve("run-" + taskId);
      Files.createDirectories(sandbox.resolve(".mezzo"));
      Path meta = workDir.resolve("meta").resolve("frameworks").resolve(frameworkId).resolve("tasks").resolve(taskId);
      Files.createDirectories(meta);
      TaskCheckpoint launch = TaskCheckpoint.newBuilder()
          .setFramework(FrameworkInfo.newBuilder().setId(framework.id()).setUser("tester").setName("reused"))
          .setTask(TaskInfo.newBuilder()
              .setName(taskId)
              .setTaskId(TaskID.newBuilder().setValue(taskId))
              .setAgentId(AgentID.newBuilder().setValue(agentId))
              .addAllResources(Resources.parse(TASK_RESOURCES).toProto()))
          .setRunId("run-" + taskId)
          .setSandbox(sandbox.toString())
          .build();
      Files.write(meta.resolve("task.info"), launch.toByteArray());
      if (processes != null) {
        Path pids = workDir.resolve("meta").resolve("frameworks").resolve(frameworkId).resolve("executors")
            .resolve(taskId).resolve("runs").resolve("run-" + taskId).resolve("tasks").resolve(taskId).resolve("pids");
        Files.createDirectories(pids.getParent());
        Files.write(pids, processes.toByteArray());
      }
      return sandbox;
    }
  }
}
