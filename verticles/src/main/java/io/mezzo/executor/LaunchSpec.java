package io.mezzo.executor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a shell command, in a sandbox directory, with environment variables laid
 * over the agent's own environment.
 *
 * @param sandbox the task's working directory; created (with parents) at launch
 * @param command the command line, run as {@code /bin/sh -c command}
 * @param environment variables for the task, overriding the agent's variables of the same name
 * @param confinement the cgroups, rlimits and user the task's process takes before its command runs
 */
public record LaunchSpec(Path sandbox, String command, Map<String, String> environment, Confinement confinement) {
  /** A task run unconfined, as the agent's user. */
  public LaunchSpec(Path sandbox, String command, Map<String, String> environment) {
    this(sandbox, command, environment, Confinement.NONE);
  }

  /** Checks what the OS would otherwise reject at spawn time, with a clearer message. */
  public LaunchSpec {
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(confinement, "confinement");
    sandbox = sandbox.toAbsolutePath().normalize();
    if (command.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("command contains a NUL character");
    }
    environment = Map.copyOf(environment);
    environment.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
          }
          if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable " + name + " contains a NUL character");
          }
        });
  }
}
