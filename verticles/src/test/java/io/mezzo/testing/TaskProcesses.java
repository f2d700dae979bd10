package io.mezzo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of tasks a test started, found by the PIDs their sandboxes recorded (never
 * by name), and read from /proc.
 */
public final class TaskProcesses {
  private TaskProcesses() {}

  /** The task PID (also its process group) recorded in a sandbox. */
  public static long taskPid(Path sandbox) {
    try {
      return Long.parseLong(Files.readString(sandbox.resolve(".mezzo").resolve("pid"), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new AssertionError("no pid in " + sandbox, e);
    }
  }

  /** The sandbox of a task under an agent's work dir; fails when there is none or several. */
  public static Path sandbox(Path agentWorkDir, String taskId) {
    try (Stream<Path> runs = Files.walk(agentWorkDir.resolve("agents"))) {
      List<Path> found = runs.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("runs")
              && p.getParent().getParent().getFileName().toString().equals(taskId))
          .toList();
      if (found.size() != 1) {
        throw new AssertionError("expected one sandbox of task " + taskId + ", found " + found);
      }
      return found.get(0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The live processes whose process group is {@code pgid}. */
  public static List<Long> groupMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields[0] is the state, fields[2] the process group; zombies are already dead.
          if (!fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid) {
            members.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // The process ended while we looked.
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return members;
  }

  /** SIGKILLs the process group of every task sandbox under an agent's work dir. */
  public static void killAll(Path agentWorkDir) {
    Path agents = agentWorkDir.resolve("agents");
    if (!Files.exists(agents)) {
      return;
    }
    try (Stream<Path> files = Files.walk(agents)) {
      for (Path pidFile : files.filter(p -> p.getFileName().toString().equals("pid")
          && p.getParent().getFileName().toString().equals(".mezzo")).toList()) {
        long pgid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        if (!groupMembers(pgid).isEmpty()) {
          new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + pgid).start().waitFor();
          // The task's monitor then records its status in the sandbox; let it finish
          // writing before the test's directory is deleted.
          Path status = pidFile.resolveSibling("exit_status");
          Await.until("monitor of task " + pgid + " done", java.time.Duration.ofSeconds(10), () -> Files.exists(status));
        }
      }
    } catch (IOException | InterruptedException | NumberFormatException e) {
      throw new AssertionError("could not clean up tasks under " + agentWorkDir, e);
    }
  }
}
