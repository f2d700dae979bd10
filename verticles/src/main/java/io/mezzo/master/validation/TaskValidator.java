package io.mezzo.master.validation;

import io.mezzo.model.Ids;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.TaskInfo;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks one task of an ACCEPT before anything is launched. Pure: the caller supplies what
 * the check needs to know of the cluster.
 */
public final class TaskValidator {
  static final int MAX_NAME_LENGTH = 1024;
  static final int MAX_COMMAND_LENGTH = 64 * 1024;
  static final int MAX_DATA_BYTES = 100 * 1024;
  static final int MAX_LABELS = 100;
  static final int MAX_ENVIRONMENT = 1000;
  static final Duration MAX_GRACE_PERIOD = Duration.ofDays(1);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The outcome: the task's resources when valid, otherwise why it is not. */
  public record Checked(Resources resources, String problem) {
    static Checked invalid(String problem) {
      return new Checked(null, problem);
    }

    /** Whether the task may launch. */
    public boolean valid() {
      return problem == null;
    }
  }

  private TaskValidator() {}

  /**
   * Checks {@code task} for launch on agent {@code agentId}, against the task IDs the
   * framework already uses ({@code idInUse}) and those earlier in the same call
   * ({@code idsInCall}), with {@code available} resources left in the offers.
   */
  public static Checked check(
      TaskInfo task, String agentId, Predicate<String> idInUse, Set<String> idsInCall, Resources available) {
    String taskId = task.getTaskId().getValue();
    String idProblem = Ids.problem("task", task.hasTaskId() ? taskId : null);
    if (idProblem != null) {
      return Checked.invalid(idProblem);
    }
    if (idInUse.test(taskId) || idsInCall.contains(taskId)) {
      return Checked.invalid("Task has duplicate ID: " + taskId);
    }
    if (!task.getUnknownFields().asMap().isEmpty()) {
      return Checked.invalid(
          "Task uses fields Mezzo does not support (executor, container, health checks ...): numbers "
              + task.getUnknownFields().asMap().keySet());
    }
    if (task.getName().isEmpty() || task.getName().length() > MAX_NAME_LENGTH) {
      return Checked.invalid("Task needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (!task.getAgentId().getValue().equals(agentId)) {
      return Checked.invalid(
          "Task uses agent " + task.getAgentId().getValue() + " but the offers are for agent " + agentId);
    }
    String commandProblem = commandProblem(task);
    if (commandProblem != null) {
      return Checked.invalid(commandProblem);
    }
    if (task.getData().size() > MAX_DATA_BYTES) {
      return Checked.invalid("Task data is larger than " + MAX_DATA_BYTES + " bytes");
    }
    if (task.getLabels().getLabelsCount() > MAX_LABELS) {
      return Checked.invalid("Task has more than " + MAX_LABELS + " labels");
    }
    if (task.hasKillPolicy()) {
      long grace = task.getKillPolicy().getGracePeriod().getNanoseconds();
      if (grace < 0 || grace > MAX_GRACE_PERIOD.toNanos()) {
        return Checked.invalid("Task kill policy grace period must be between 0 and 1 day");
      }
    }
    Resources resources;
    try {
      resources = Resources.fromProto(task.getResourcesList());
    } catch (InvalidResourcesException e) {
      return Checked.invalid("Task has invalid resources: " + e.getMessage());
    }
    if (resources.scalarMillis("cpus") == 0 && resources.scalarMillis("mem") == 0) {
      return Checked.invalid("Task uses no cpus and no mem; give it at least one of them");
    }
    if (!available.contains(resources)) {
      return Checked.invalid(
          "Task uses more resources " + resources + " than available " + available);
    }
    return new Checked(resources, null);
  }

  private static String commandProblem(TaskInfo task) {
    if (!task.hasCommand()) {
      return "Task has no command";
    }
    CommandInfo command = task.getCommand();
    if (!command.getUnknownFields().asMap().isEmpty()) {
      return "Task command uses fields Mezzo does not support (URIs to fetch): numbers "
          + command.getUnknownFields().asMap().keySet();
    }
    if (command.getValue().isBlank()) {
      return "Task command has no value";
    }
    int length = command.getValue().length();
    for (String argument : command.getArgumentsList()) {
      length += argument.length() + 1;
    }
    if (length > MAX_COMMAND_LENGTH) {
      return "Task command is longer than " + MAX_COMMAND_LENGTH + " characters";
    }
    if (command.getValue().indexOf('\0') >= 0) {
      return "Task command contains a NUL character";
    }
    // Arguments become part of the agent's command line too (shell=false): a NUL there
    // would make the agent's launch throw before the task gets any status.
    for (String argument : command.getArgumentsList()) {
      if (argument.indexOf('\0') >= 0) {
        return "Task command argument contains a NUL character";
      }
    }
    Environment environment = command.getEnvironment();
    if (environment.getVariablesCount() > MAX_ENVIRONMENT) {
      return "Task command has more than " + MAX_ENVIRONMENT + " environment variables";
    }
    for (Environment.Variable variable : environment.getVariablesList()) {
      if (!ENV_NAME.matcher(variable.getName()).matches()) {
        return "Task environment variable name '" + variable.getName() + "' is invalid";
      }
      if (variable.getValue().indexOf('\0') >= 0) {
        return "Task environment variable " + variable.getName() + " contains a NUL character";
      }
    }
    return null;
  }
}
