package io.mezzo.master.validation;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.HealthCheck;

/**
 * Checks a task's {@code health_check} and {@code check} with Apache Mesos's rules
 * ({@code validateHealthCheck} and {@code validateCheckInfo} of its common validation): a
 * known type with its matching field, an http(s) scheme and a path starting with '/',
 * non-negative durations. Mezzo adds bounds Mesos leaves to chance: ports must be 1-65535,
 * durations finite and at most a day, and a check's command must be a runnable one without
 * URIs (nothing would fetch them). Pure.
 */
final class CheckValidator {
  /** The longest delay, interval, timeout or grace period a check may ask for, in seconds. */
  static final double MAX_SECONDS = 24 * 3600;

  private CheckValidator() {}

  /** Why {@code check} is not a valid health check, or null when it is; prefixed for a TASK_ERROR. */
  static String healthCheckProblem(HealthCheck check) {
    String problem = healthCheck(check);
    return problem == null ? null : "Task uses invalid health check: " + problem;
  }

  /** Why {@code check} is not a valid check, or null when it is; prefixed for a TASK_ERROR. */
  static String checkProblem(CheckInfo check) {
    String problem = check(check);
    return problem == null ? null : "Task uses invalid check: " + problem;
  }

  private static String healthCheck(HealthCheck check) {
    if (!check.hasType()) {
      return "HealthCheck must specify 'type'";
    }
    String problem =
        switch (check.getType()) {
          case COMMAND -> check.hasCommand()
              ? command("Command health check", check.getCommand())
              : "Expecting 'command' to be set for COMMAND health check";
          case HTTP -> check.hasHttp() ? http(check.getHttp()) : "Expecting 'http' to be set for HTTP health check";
          case TCP -> check.hasTcp()
              ? port("tcp.port", check.getTcp().getPort())
              : "Expecting 'tcp' to be set for TCP health check";
          case UNKNOWN -> "'UNKNOWN' is not a valid health check type";
        };
    if (problem != null) {
      return problem;
    }
    problem = seconds("delay_seconds", check.hasDelaySeconds(), check.getDelaySeconds());
    if (problem == null) {
      problem = seconds("grace_period_seconds", check.hasGracePeriodSeconds(), check.getGracePeriodSeconds());
    }
    if (problem == null) {
      problem = seconds("interval_seconds", check.hasIntervalSeconds(), check.getIntervalSeconds());
    }
    if (problem == null) {
      problem = seconds("timeout_seconds", check.hasTimeoutSeconds(), check.getTimeoutSeconds());
    }
    return problem;
  }

  private static String check(CheckInfo check) {
    if (!check.hasType()) {
      return "CheckInfo must specify 'type'";
    }
    String problem =
        switch (check.getType()) {
          case COMMAND -> check.hasCommand() && check.getCommand().hasCommand()
              ? command("Command check", check.getCommand().getCommand())
              : "Expecting 'command' to be set for COMMAND check";
          case HTTP -> check.hasHttp()
              ? httpCheck(check.getHttp())
              : "Expecting 'http' to be set for HTTP check";
          case TCP -> check.hasTcp() ? port("tcp.port", check.getTcp().getPort()) : "Expecting 'tcp' to be set for TCP check";
          case UNKNOWN -> "'UNKNOWN' is not a valid check type";
        };
    if (problem != null) {
      return problem;
    }
    problem = seconds("delay_seconds", check.hasDelaySeconds(), check.getDelaySeconds());
    if (problem == null) {
      problem = seconds("interval_seconds", check.hasIntervalSeconds(), check.getIntervalSeconds());
    }
    if (problem == null) {
      problem = seconds("timeout_seconds", check.hasTimeoutSeconds(), check.getTimeoutSeconds());
    }
    return problem;
  }

  private static String http(HealthCheck.HTTPCheckInfo http) {
    if (http.hasScheme() && !http.getScheme().equals("http") && !http.getScheme().equals("https")) {
      return "Unsupported HTTP health check scheme: '" + http.getScheme() + "'";
    }
    String problem = path("HTTP health check", http.hasPath(), http.getPath());
    return problem != null ? problem : port("http.port", http.getPort());
  }

  private static String httpCheck(CheckInfo.Http http) {
    String problem = path("HTTP check", http.hasPath(), http.getPath());
    return problem != null ? problem : port("http.port", http.getPort());
  }

  private static String path(String what, boolean has, String path) {
    if (has && !path.startsWith("/")) {
      return "The path '" + path + "' of " + what + " must start with '/'";
    }
    // The path goes into a request line as it stands: nothing that would end or split it.
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return "The path of " + what + " must not hold spaces or control characters";
      }
    }
    return null;
  }

  private static String port(String field, int port) {
    // uint32 on the wire: a Java int below 0 was a number above 2^31.
    return port >= 1 && port <= 65535 ? null : "Expecting '" + field + "' to be a port between 1 and 65535";
  }

  private static String command(String what, CommandInfo command) {
    if (command.getValue().isBlank()) {
      return what + " must contain " + (command.getShell() ? "'shell command'" : "'executable path'");
    }
    if (command.getUrisCount() > 0) {
      return what + " must not have 'uris': nothing fetches them for a check";
    }
    String problem = TaskValidator.commandProblem(command);
    return problem == null ? null : what + "'s CommandInfo is invalid: " + problem;
  }

  private static String seconds(String field, boolean has, double value) {
    if (!has) {
      return null;
    }
    if (!(value >= 0)) {
      return "Expecting '" + field + "' to be non-negative";
    }
    if (value > MAX_SECONDS) {
      return "Expecting '" + field + "' to be at most " + (long) MAX_SECONDS + " seconds";
    }
    return null;
  }
}
