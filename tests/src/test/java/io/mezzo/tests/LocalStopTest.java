package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mezzo.testing.Await;
import io.mezzo.testing.TaskProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stopping {@code mezzo local}, a development cluster, stops its tasks too (their whole
 * process groups), unless {@code --keep-tasks} says otherwise; an agent node's tasks
 * outlive it by design (see {@link AgentRestartTest}).
 */
class LocalStopTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Starts a task that forks a child into its process group, and gives the group's ID. */
  private static long startTask(MezzoLocal local, String name) throws Exception {
    MezzoCli.Result run = local.cli(WAIT, "run", "--detach", "--name", name, "--", "sleep 600 & sleep 600; wait");
    assertEquals(0, run.exitCode(), run.toString());
    long group = TaskProcesses.taskPid(onlySandbox(local.agentWorkDir()));
    Await.until("the task and its child run", WAIT, () -> TaskProcesses.groupMembers(group).size() >= 2);
    return group;
  }

  private static Path onlySandbox(Path agentWorkDir) throws IOException {
    try (Stream<Path> files = Files.walk(agentWorkDir.resolve("agents"))) {
      List<Path> pids = files.filter(p -> p.getFileName().toString().equals("pid")
          && p.getParent().getFileName().toString().equals(".mezzo")).toList();
      assertEquals(1, pids.size(), pids.toString());
      assertFalse(Files.readString(pids.get(0), StandardCharsets.UTF_8).isBlank());
      return pids.get(0).getParent().getParent();
    }
  }

  @Test
  void sigtermStopsTheTasksOfMezzoLocal() throws Exception {
    MezzoLocal local = new MezzoLocal("local-stop");
    try {
      long group = startTask(local, "stopped");
      local.process().terminate();
      local.process().awaitExit(WAIT);
      // The kill ran before the process exited: nothing should be left by now.
      assertEquals(List.of(), TaskProcesses.groupMembers(group), "the task's process group outlived mezzo local");
    } finally {
      local.close();
    }
  }

  @Test
  void keepTasksLeavesThemRunning() throws Exception {
    MezzoLocal local = new MezzoLocal("local-keep", "--keep-tasks");
    try {
      long group = startTask(local, "kept");
      local.process().terminate();
      local.process().awaitExit(WAIT);
      assertFalse(TaskProcesses.groupMembers(group).isEmpty(), "--keep-tasks left the task running");
    } finally {
      // Ends the kept task by the PID its sandbox recorded.
      local.close();
    }
  }
}
