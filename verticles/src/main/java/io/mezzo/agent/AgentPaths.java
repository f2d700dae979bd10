package io.mezzo.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The layout of an agent's work dir. Checkpoints live under {@code meta/}, sandboxes under
 * {@code agents/} as Mesos lays them out:
 *
 * <pre>
 * meta/agent.id
 * meta/epoch                                                 the highest master epoch seen
 * meta/frameworks/&lt;frameworkId&gt;/tasks/&lt;taskId&gt;/task.info      what was launched
 * meta/frameworks/&lt;frameworkId&gt;/tasks/&lt;taskId&gt;/task.updates   the status update log
 * meta/frameworks/&lt;frameworkId&gt;/executors/&lt;executorId&gt;/runs/&lt;runId&gt;/tasks/&lt;taskId&gt;/pids
 *                                                            a built-in executor's task processes
 * agents/&lt;agentId&gt;/frameworks/&lt;frameworkId&gt;/executors/&lt;executorId&gt;/runs/&lt;runId&gt;/
 * </pre>
 *
 * IDs are validated before they reach here, so each is one safe path segment.
 */
public final class AgentPaths {
  private final Path workDir;

  public AgentPaths(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  public Path workDir() {
    return workDir;
  }

  Path agentIdFile() {
    return workDir.resolve("meta").resolve("agent.id");
  }

  Path epochFile() {
    return workDir.resolve("meta").resolve("epoch");
  }

  Path frameworksDir() {
    return workDir.resolve("meta").resolve("frameworks");
  }

  Path taskDir(String frameworkId, String taskId) {
    return frameworksDir().resolve(frameworkId).resolve("tasks").resolve(taskId);
  }

  Path taskInfo(String frameworkId, String taskId) {
    return taskDir(frameworkId, taskId).resolve("task.info");
  }

  Path taskUpdates(String frameworkId, String taskId) {
    return taskDir(frameworkId, taskId).resolve("task.updates");
  }

  /** Removes {@code dir} and everything under it; nothing when it does not exist. Blocking. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
