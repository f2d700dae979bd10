package io.mezzo.master.validation;

import io.mezzo.model.Ids;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks the executor of a task (a custom executor) or of a task group (the default
 * executor), and a task group as a whole, before anything is launched. Pure, like
 * {@link TaskValidator}, whose outcome type it shares.
 */
public final class ExecutorValidator {
  private ExecutorValidator() {}

  /**
   * Checks {@code executor} of framework {@code frameworkId}; {@code forGroup}: it is a
   * LAUNCH_GROUP's, so it must be of type DEFAULT, otherwise a task's custom executor.
   * Valid, the outcome carries the executor's own resources.
   */
  public static TaskValidator.Checked check(ExecutorInfo executor, String frameworkId, boolean forGroup) {
    String problem = problem(executor, frameworkId, forGroup);
    if (problem != null) {
      return TaskValidator.Checked.invalid(problem);
    }
    try {
      return new TaskValidator.Checked(Resources.fromProto(executor.getResourcesList()), null);
    } catch (InvalidResourcesException e) {
      return TaskValidator.Checked.invalid("Executor has invalid resources: " + e.getMessage());
    }
  }

  private static String problem(ExecutorInfo executor, String frameworkId, boolean forGroup) {
    if (executor.getSerializedSize() > Limits.MAX_EXECUTOR_BYTES) {
      return "Executor is larger than " + Limits.MAX_EXECUTOR_BYTES + " bytes encoded";
    }
    if (!executor.getUnknownFields().asMap().isEmpty()) {
      return "Executor uses fields Mezzo does not support (container, discovery ...): numbers "
          + executor.getUnknownFields().asMap().keySet().stream().limit(10).toList();
    }
    String idProblem = Ids.problem("executor", executor.hasExecutorId() ? executor.getExecutorId().getValue() : null);
    if (idProblem != null) {
      return idProblem;
    }
    if (executor.hasFrameworkId() && !executor.getFrameworkId().getValue().equals(frameworkId)) {
      return "Executor names framework " + executor.getFrameworkId().getValue() + ", not " + frameworkId;
    }
    if (executor.getResourcesCount() > Limits.MAX_RESOURCES) {
      return "Executor has more than " + Limits.MAX_RESOURCES + " resources";
    }
    if (executor.hasShutdownGracePeriod()) {
      long grace = executor.getShutdownGracePeriod().getNanoseconds();
      if (grace < 0 || grace > Limits.MAX_GRACE_PERIOD.toNanos()) {
        return "Executor shutdown grace period must be between 0 and 1 day";
      }
    }
    if (forGroup) {
      if (executor.getType() != ExecutorInfo.Type.DEFAULT) {
        return "A task group runs on an executor of type DEFAULT, not " + executor.getType();
      }
      if (executor.hasCommand()) {
        return "An executor of type DEFAULT has no command: the agent provides it";
      }
      return null;
    }
    if (executor.getType() == ExecutorInfo.Type.DEFAULT) {
      return "An executor of type DEFAULT runs task groups only (LAUNCH_GROUP)";
    }
    if (!executor.hasCommand() || executor.getCommand().getValue().isBlank()) {
      return "A custom executor needs a command";
    }
    String commandProblem = TaskValidator.commandProblem(executor.getCommand());
    return commandProblem == null ? null : "Executor " + commandProblem;
  }

  /**
   * Checks every task of {@code group} for launch on agent {@code agentId} with
   * {@code available} resources left (the executor's own already taken out). The group is
   * valid only as a whole; the outcome carries the resources of all its tasks.
   */
  public static TaskValidator.Checked checkGroup(
      TaskGroupInfo group, String agentId, Predicate<String> idInUse, Set<String> idsInCall, Resources available) {
    if (group.getTasksCount() == 0) {
      return TaskValidator.Checked.invalid("Task group has no tasks");
    }
    if (group.getTasksCount() > Limits.MAX_GROUP_TASKS) {
      return TaskValidator.Checked.invalid("Task group has more than " + Limits.MAX_GROUP_TASKS + " tasks");
    }
    Set<String> inGroup = new HashSet<>(idsInCall);
    Resources total = Resources.empty();
    for (TaskInfo task : group.getTasksList()) {
      if (task.hasExecutor()) {
        return TaskValidator.Checked.invalid(
            "Task " + task.getTaskId().getValue() + " of a task group must not have an executor: the group's runs it");
      }
      TaskValidator.Checked checked = TaskValidator.check(task, agentId, idInUse, inGroup, available.minus(total));
      if (!checked.valid()) {
        return TaskValidator.Checked.invalid("Task " + task.getTaskId().getValue() + ": " + checked.problem());
      }
      inGroup.add(task.getTaskId().getValue());
      total = total.plus(checked.resources());
    }
    return new TaskValidator.Checked(total, null);
  }
}
