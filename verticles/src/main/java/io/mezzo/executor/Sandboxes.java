package io.mezzo.executor;

import io.mezzo.model.Ids;
import java.nio.file.Path;
import java.util.Objects;

/** Where a task's sandbox lives under the agent's work directory, laid out as in Mesos. */
public final class Sandboxes {
  private Sandboxes() {}

  /**
   * The sandbox directory of one run of an executor:
   * {@code <workDir>/agents/<agentId>/frameworks/<frameworkId>/executors/<executorId>/runs/<runId>}.
   *
   * @throws IllegalArgumentException when an ID is not a single safe path segment
   */
  public static Path of(Path workDir, String agentId, String frameworkId, String executorId, String runId) {
    Objects.requireNonNull(workDir, "workDir");
    return workDir.resolve("agents").resolve(segment("agent", agentId)).resolve(run(frameworkId, executorId, runId));
  }

  /**
   * The relative path of one executor run, {@code frameworks/<fwId>/executors/<execId>/runs/<runId>},
   * which the sandboxes and the agent's checkpoints ({@code meta/}) share.
   *
   * @throws IllegalArgumentException when an ID is not a single safe path segment
   */
  public static Path run(String frameworkId, String executorId, String runId) {
    return Path.of("frameworks", segment("framework", frameworkId), "executors", segment("executor", executorId),
        "runs", segment("run", runId));
  }

  /**
   * The sandbox of one task of a task group, {@code <runSandbox>/tasks/<taskId>}, as Mesos's
   * default executor lays them out.
   *
   * @throws IllegalArgumentException when the ID is not a single safe path segment
   */
  public static Path task(Path runSandbox, String taskId) {
    return runSandbox.resolve("tasks").resolve(segment("task", taskId));
  }

  /**
   * IDs are validated where they enter the cluster, but a path that escapes the work dir
   * would be a security hole, so this is checked again right where paths are built.
   */
  private static String segment(String what, String id) {
    String problem = Ids.problem(what, id);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    // Ids forbids '/' and a leading '.', so "." and ".." cannot pass; kept explicit anyway.
    if (id.equals(".") || id.equals("..") || id.indexOf('/') >= 0) {
      throw new IllegalArgumentException(what + " ID '" + id + "' is not a single path segment");
    }
    return id;
  }
}
