package io.mezzo.agent.executors;

import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Who one executor run is, as its verticle is told when deployed. Everything else between
 * the agent and the verticle passes as messages on {@link io.mezzo.bus.Addresses#executorRun}
 * and {@link io.mezzo.bus.Addresses#executorRunAgent}.
 *
 * @param agentId the agent that runs it
 * @param kind which executor verticle runs it
 * @param framework the framework it runs tasks for
 * @param executor its ExecutorInfo, framework_id set (for a command executor, one the agent
 *     made up with the task's ID as executor ID, as Mesos does)
 * @param runId this run, a UUID: the addresses are per run
 * @param sandbox the run's sandbox, {@code .../executors/<execId>/runs/<runId>}
 * @param metaDir where the run checkpoints what it needs after an agent restart,
 *     {@code meta/frameworks/<fwId>/executors/<execId>/runs/<runId>}
 * @param recovered for a run taken back after an agent restart, the tasks it had and their
 *     last logged states; empty for a new run
 */
public record ExecutorRunSpec(
    String agentId,
    ExecutorKind kind,
    FrameworkInfo framework,
    ExecutorInfo executor,
    String runId,
    Path sandbox,
    Path metaDir,
    List<RecoveredTask> recovered) {

  /**
   * A task of a recovered run, with the newest state its agent logged for it and, for a task
   * of a task group, its group's key (null otherwise).
   */
  public record RecoveredTask(TaskInfo task, TaskState state, String group) {
    public RecoveredTask {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
    }

    public RecoveredTask(TaskInfo task, TaskState state) {
      this(task, state, null);
    }
  }

  /** The key of a task group, which the agent checkpoints with its tasks: its first task's ID. */
  public static String groupKey(io.mezzo.v1.TaskGroupInfo group) {
    return group.getTasksCount() == 0 ? "" : group.getTasks(0).getTaskId().getValue();
  }

  public ExecutorRunSpec {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(metaDir, "metaDir");
    recovered = List.copyOf(recovered);
  }

  public String frameworkId() {
    return framework.getId().getValue();
  }

  public String executorId() {
    return executor.getExecutorId().getValue();
  }
}
