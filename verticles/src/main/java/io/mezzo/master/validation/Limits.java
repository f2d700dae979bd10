package io.mezzo.master.validation;

import io.mezzo.model.Ids;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskInfo;
import java.time.Duration;
import java.util.List;

/**
 * How much a scheduler may put into the calls it makes: every string and list of a
 * FrameworkInfo or a TaskInfo is bounded, because the master keeps them in memory,
 * replicates them to the standbys and serves them in its state. The table in
 * docs/http-api.md lists these values. Each check names the field as it is written in JSON
 * ({@code labels.labels[3].value}), so the author knows what to shorten. Pure.
 */
final class Limits {
  /** Task and framework names. */
  static final int MAX_NAME_LENGTH = 1024;
  /** {@code framework_info.user} and {@code command.user}. */
  static final int MAX_USER_LENGTH = 256;
  static final int MAX_HOSTNAME_LENGTH = 255;
  static final int MAX_PRINCIPAL_LENGTH = 256;
  static final int MAX_URL_LENGTH = 2048;
  /** More than the nine capability types, so repeats within reason pass. */
  static final int MAX_CAPABILITIES = 16;
  static final int MAX_LABELS = 100;
  static final int MAX_LABEL_KEY_LENGTH = 256;
  static final int MAX_LABEL_VALUE_LENGTH = 4096;
  /** A command's value and arguments together, each argument with a separator. */
  static final int MAX_COMMAND_LENGTH = 64 * 1024;
  static final int MAX_ENVIRONMENT = 1000;
  static final int MAX_ENV_NAME_LENGTH = 256;
  /**
   * The environment's names and values together: with the command, far below Linux's 2 MiB
   * for a process's arguments and environment, so a valid task never fails to exec.
   */
  static final int MAX_ENVIRONMENT_LENGTH = 128 * 1024;
  static final int MAX_DATA_BYTES = 100 * 1024;
  /** URIs a task's fetcher gets; each one's value is at most {@link #MAX_URL_LENGTH}. */
  static final int MAX_URIS = 100;
  static final int MAX_OUTPUT_FILE_LENGTH = 1024;
  /** Entries of {@code resources}; each name and role is bounded by the resource rules. */
  static final int MAX_RESOURCES = 128;
  /** Ranges, or set items, of one resource. */
  static final int MAX_RESOURCE_VALUES = 1000;
  static final Duration MAX_GRACE_PERIOD = Duration.ofDays(1);
  /**
   * A whole TaskInfo, encoded: bounds what the fields above allow together, and any field
   * Mezzo does not know (kept by the protobuf parser) that would otherwise ride along.
   */
  static final int MAX_TASK_BYTES = 512 * 1024;
  /** A whole FrameworkInfo, encoded, for the same reasons: it is replicated on every change. */
  static final int MAX_FRAMEWORK_INFO_BYTES = 64 * 1024;
  /** Data of a framework message, either way between scheduler and executor. */
  static final int MAX_MESSAGE_BYTES = 1024 * 1024;
  static final int MAX_RECONCILE_TASKS = 100_000;
  /** Tasks of one task group (LAUNCH_GROUP). */
  static final int MAX_GROUP_TASKS = 100;
  /** A whole ExecutorInfo, encoded, for the reasons of {@link #MAX_TASK_BYTES}. */
  static final int MAX_EXECUTOR_BYTES = 512 * 1024;

  private Limits() {}

  /** The first field of {@code task} beyond its limit, as a TASK_ERROR reason; null when none is. */
  static String taskProblem(TaskInfo task) {
    Problems problems = new Problems("Task", " ");
    problems.length("name", task.getName(), MAX_NAME_LENGTH);
    // Echoed in the reason when it names another agent than the offers'.
    problems.length("agent_id.value", task.getAgentId().getValue(), Ids.MAX_LENGTH);
    if (task.hasCommand()) {
      command(problems, "command", task.getCommand());
      uris(problems, task.getCommand());
    }
    if (task.hasHealthCheck()) {
      command(problems, "health_check.command", task.getHealthCheck().getCommand());
      problems.length("health_check.http.path", task.getHealthCheck().getHttp().getPath(), MAX_URL_LENGTH);
    }
    if (task.hasCheck()) {
      command(problems, "check.command.command", task.getCheck().getCommand().getCommand());
      problems.length("check.http.path", task.getCheck().getHttp().getPath(), MAX_URL_LENGTH);
    }
    problems.bytes("data", task.getData().size(), MAX_DATA_BYTES);
    labels(problems, "labels", task.getLabels());
    resources(problems, task.getResourcesList());
    problems.encoded(task.getSerializedSize(), MAX_TASK_BYTES);
    return problems.first;
  }

  /** The first field of {@code info} beyond its limit, as a SUBSCRIBE refusal; null when none is. */
  static String frameworkProblem(FrameworkInfo info) {
    Problems problems = new Problems("framework_info", ".");
    problems.length("user", info.getUser(), MAX_USER_LENGTH);
    problems.length("name", info.getName(), MAX_NAME_LENGTH);
    problems.length("hostname", info.getHostname(), MAX_HOSTNAME_LENGTH);
    problems.length("principal", info.getPrincipal(), MAX_PRINCIPAL_LENGTH);
    problems.length("webui_url", info.getWebuiUrl(), MAX_URL_LENGTH);
    problems.count("capabilities", info.getCapabilitiesCount(), MAX_CAPABILITIES);
    labels(problems, "labels", info.getLabels());
    problems.encoded(info.getSerializedSize(), MAX_FRAMEWORK_INFO_BYTES);
    return problems.first;
  }

  private static void command(Problems problems, String field, CommandInfo command) {
    problems.length(field + ".value", command.getValue(), MAX_COMMAND_LENGTH);
    long length = command.getValue().length();
    for (String argument : command.getArgumentsList()) {
      length += argument.length() + 1;
    }
    if (length > MAX_COMMAND_LENGTH) {
      problems.found(field + ".value and " + field + ".arguments", "are longer than " + MAX_COMMAND_LENGTH
          + " characters together");
    }
    problems.length(field + ".user", command.getUser(), MAX_USER_LENGTH);
    List<Environment.Variable> variables = command.getEnvironment().getVariablesList();
    problems.count(field + ".environment.variables", variables.size(), MAX_ENVIRONMENT);
    long environment = 0;
    for (int i = 0; i < variables.size() && problems.first == null; i++) {
      Environment.Variable variable = variables.get(i);
      problems.length(field + ".environment.variables[" + i + "].name", variable.getName(), MAX_ENV_NAME_LENGTH);
      environment += variable.getName().length() + variable.getValue().length();
    }
    if (environment > MAX_ENVIRONMENT_LENGTH) {
      problems.found(field + ".environment", "is longer than " + MAX_ENVIRONMENT_LENGTH
          + " characters (names and values together)");
    }
  }

  private static void uris(Problems problems, CommandInfo command) {
    problems.count("command.uris", command.getUrisCount(), MAX_URIS);
    for (int i = 0; i < command.getUrisCount() && problems.first == null; i++) {
      problems.length("command.uris[" + i + "].value", command.getUris(i).getValue(), MAX_URL_LENGTH);
      problems.length("command.uris[" + i + "].output_file", command.getUris(i).getOutputFile(), MAX_OUTPUT_FILE_LENGTH);
    }
  }

  private static void labels(Problems problems, String field, Labels labels) {
    List<Label> list = labels.getLabelsList();
    problems.count(field + ".labels", list.size(), MAX_LABELS);
    for (int i = 0; i < list.size() && problems.first == null; i++) {
      problems.length(field + ".labels[" + i + "].key", list.get(i).getKey(), MAX_LABEL_KEY_LENGTH);
      problems.length(field + ".labels[" + i + "].value", list.get(i).getValue(), MAX_LABEL_VALUE_LENGTH);
    }
  }

  private static void resources(Problems problems, List<Resource> resources) {
    problems.count("resources", resources.size(), MAX_RESOURCES);
    for (int i = 0; i < resources.size() && problems.first == null; i++) {
      Resource resource = resources.get(i);
      problems.count("resources[" + i + "].ranges.range", resource.getRanges().getRangeCount(), MAX_RESOURCE_VALUES);
      problems.count("resources[" + i + "].set.item", resource.getSet().getItemCount(), MAX_RESOURCE_VALUES);
    }
  }

  /** Keeps the first problem found; later checks do nothing once there is one. */
  private static final class Problems {
    private final String subject;
    private final String separator;
    private String first;

    /** Problems of {@code subject}, whose fields are named {@code subject + separator + field}. */
    Problems(String subject, String separator) {
      this.subject = subject;
      this.separator = separator;
    }

    void length(String field, String value, int max) {
      if (value.length() > max) {
        found(field, "is longer than " + max + " characters");
      }
    }

    void count(String field, int count, int max) {
      if (count > max) {
        found(field, "has more than " + max + " entries");
      }
    }

    void bytes(String field, long size, int max) {
      if (size > max) {
        found(field, "is larger than " + max + " bytes");
      }
    }

    /** The whole message, encoded. */
    void encoded(long size, int max) {
      if (size > max && first == null) {
        first = subject + " is larger than " + max + " bytes encoded";
      }
    }

    void found(String field, String problem) {
      if (first == null) {
        first = subject + separator + field + " " + problem;
      }
    }
  }
}
