package io.mezzo.master.validation;

import com.google.protobuf.UnknownFieldSet;
import io.mezzo.model.FetchUris;
import io.mezzo.model.Ids;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.TaskInfo;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks one task of an ACCEPT before anything is launched. Pure: the caller supplies what
 * the check needs to know of the cluster.
 */
public final class TaskValidator {
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
   * ({@code idsInCall}), with {@code available} resources left in the offers. Its executor,
   * when it has one, is {@link ExecutorValidator}'s to check (the command is then the
   * executor's business, so the task may have none).
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
    // Sizes first: the checks below (and their messages) may walk every string.
    String tooLarge = Limits.taskProblem(task);
    if (tooLarge != null) {
      return Checked.invalid(tooLarge);
    }
    if (!task.getUnknownFields().asMap().isEmpty()) {
      return Checked.invalid(
          "Task uses fields Mezzo does not support (container, discovery ...): numbers "
              + numbers(task.getUnknownFields()));
    }
    if (task.getName().isEmpty()) {
      return Checked.invalid("Task needs a name");
    }
    if (!task.getAgentId().getValue().equals(agentId)) {
      return Checked.invalid(
          "Task uses agent " + task.getAgentId().getValue() + " but the offers are for agent " + agentId);
    }
    String commandProblem = commandProblem(task);
    if (commandProblem != null) {
      return Checked.invalid(commandProblem);
    }
    String checkProblem = task.hasHealthCheck() ? CheckValidator.healthCheckProblem(task.getHealthCheck()) : null;
    if (checkProblem == null && task.hasCheck()) {
      checkProblem = CheckValidator.checkProblem(task.getCheck());
    }
    if (checkProblem != null) {
      return Checked.invalid(checkProblem);
    }
    if (task.hasKillPolicy()) {
      long grace = task.getKillPolicy().getGracePeriod().getNanoseconds();
      if (grace < 0 || grace > Limits.MAX_GRACE_PERIOD.toNanos()) {
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
    if (task.hasExecutor() && !task.hasCommand()) {
      return null; // Its custom executor knows what to run.
    }
    if (!task.hasCommand()) {
      return "Task has no command";
    }
    CommandInfo command = task.getCommand();
    if (!command.getUnknownFields().asMap().isEmpty()) {
      return "Task command uses fields Mezzo does not support: numbers " + numbers(command.getUnknownFields());
    }
    if (command.getValue().isBlank()) {
      return "Task command has no value";
    }
    String problem = commandProblem(command);
    if (problem != null) {
      return "Task " + problem;
    }
    for (CommandInfo.URI uri : command.getUrisList()) {
      String uriProblem = FetchUris.problem(uri);
      if (uriProblem != null) {
        return "Task " + uriProblem;
      }
    }
    return null;
  }

  /**
   * Why {@code command} (a task's, or a check's) could not be run, or null: what would make
   * the agent's launch throw before the task or check gets any status.
   */
  static String commandProblem(CommandInfo command) {
    if (command.getValue().indexOf('\0') >= 0) {
      return "command contains a NUL character";
    }
    // Arguments become part of the agent's command line too (shell=false): a NUL there
    // would make the agent's launch throw before the task gets any status.
    for (String argument : command.getArgumentsList()) {
      if (argument.indexOf('\0') >= 0) {
        return "command argument contains a NUL character";
      }
    }
    Environment environment = command.getEnvironment();
    for (Environment.Variable variable : environment.getVariablesList()) {
      if (!ENV_NAME.matcher(variable.getName()).matches()) {
        return "environment variable name '" + variable.getName() + "' is invalid";
      }
      if (variable.getValue().indexOf('\0') >= 0) {
        return "environment variable " + variable.getName() + " contains a NUL character";
      }
    }
    return null;
  }

  /** The numbers of unknown fields, the first few only: a hostile message may hold thousands. */
  private static String numbers(UnknownFieldSet fields) {
    Set<Integer> numbers = fields.asMap().keySet();
    return numbers.size() <= 10
        ? numbers.toString()
        : numbers.stream().limit(10).toList() + " and " + (numbers.size() - 10) + " more";
  }
}
