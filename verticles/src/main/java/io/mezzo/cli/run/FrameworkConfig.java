package io.mezzo.cli.run;

import io.mezzo.config.ConfigReader;
import io.mezzo.model.Resources;
import io.mezzo.v1.CommandInfo;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code mezzo run} submits: the framework's name, user and role, the command, how
 * many instances of it to run with what resources each, and how long to wait for room.
 * Read from the merged layers of {@code framework.json}, {@code MEZZO_FRAMEWORK_*} and flags.
 *
 * @param command the shell command each task runs with {@code sh -c}
 * @param uris what the agent fetches into each task's sandbox before it starts
 * @param timeout how long all instances may take to be placed
 */
public record FrameworkConfig(
    String name,
    String user,
    String role,
    double cpus,
    double mem,
    double disk,
    int instances,
    String command,
    Map<String, String> env,
    List<CommandInfo.URI> uris,
    Duration timeout) {
  public static final String DEFAULT_NAME = "mezzo-run";
  public static final double DEFAULT_CPUS = 0.1;
  public static final double DEFAULT_MEM = 32;
  public static final double DEFAULT_DISK = 0;
  public static final int DEFAULT_INSTANCES = 1;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int MAX_INSTANCES = 10_000;
  static final int MAX_NAME_LENGTH = 200;
  static final double MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public FrameworkConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(command, "command");
    env = Map.copyOf(env);
    uris = List.copyOf(uris);
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Reads and checks {@code json} (the keys of {@code framework.json}).
   *
   * @param defaultUser the user when none is configured: the person running the command
   * @throws io.mezzo.config.ConfigException naming the first key that is unknown or invalid
   */
  public static FrameworkConfig fromJson(JsonObject json, String defaultUser) {
    ConfigReader config = new ConfigReader("framework", json);
    String name = config.string("name", DEFAULT_NAME).trim();
    String user = config.string("user", defaultUser);
    String role = config.string("role", Resources.UNRESERVED);
    double cpus = config.number("cpus", DEFAULT_CPUS, 0, 1e6);
    double mem = config.number("mem", DEFAULT_MEM, 0, 1e9);
    double disk = config.number("disk", DEFAULT_DISK, 0, 1e12);
    int instances = config.integer("instances", DEFAULT_INSTANCES, 1, MAX_INSTANCES);
    String command = config.string("command", "").trim();
    Map<String, String> env = config.stringMap("env", Map.of());
    List<String> uriSpecs = config.strings("uris", List.of());
    double timeout = config.number("timeout", DEFAULT_TIMEOUT.toSeconds(), 0.001, MAX_TIMEOUT_SECONDS);
    config.requireAllKnown();

    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw config.invalid("name", "must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (user == null || user.isBlank()) {
      throw config.invalid("user", "is empty and no default user is known; set it");
    }
    if (!Resources.isValidRole(role)) {
      throw config.invalid("role", "'" + role + "' is not a role name (letters, digits, _ . -, or *)");
    }
    // The master needs cpus or mem in every task.
    if (Math.round(cpus * 1000) == 0 && Math.round(mem * 1000) == 0) {
      throw config.invalid("cpus", "and mem are both 0; a task needs at least one of them");
    }
    if (command.isEmpty()) {
      throw config.invalid("command", "is missing: give the command after --, as in mezzo run -- echo hello");
    }
    for (String variable : env.keySet()) {
      if (!ENV_NAME.matcher(variable).matches()) {
        throw config.invalid("env", "'" + variable + "' is not a variable name (letters, digits and _)");
      }
    }
    List<CommandInfo.URI> uris;
    try {
      uris = UriSpecs.parse(uriSpecs);
    } catch (IllegalArgumentException e) {
      throw config.invalid("uris", e.getMessage());
    }
    return new FrameworkConfig(name, user, role, cpus, mem, disk, instances, command, env, uris,
        Duration.ofMillis(Math.round(timeout * 1000)));
  }

  /** What each instance needs, as the master counts it. */
  public Resources taskResources() {
    Resources.Builder builder = Resources.builder();
    if (cpus > 0) {
      builder.scalar("cpus", Resources.UNRESERVED, cpus);
    }
    if (mem > 0) {
      builder.scalar("mem", Resources.UNRESERVED, mem);
    }
    if (disk > 0) {
      builder.scalar("disk", Resources.UNRESERVED, disk);
    }
    return builder.build();
  }
}
