package io.mezzo.cli;

import io.mezzo.cli.client.CliException;
import io.mezzo.cli.client.ClientCommand;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.Style;
import io.mezzo.cli.run.FrameworkConfig;
import io.mezzo.cli.run.RunPrinter;
import io.mezzo.cli.run.RunScheduler;
import io.mezzo.cli.run.ShellWords;
import io.mezzo.cli.run.TaskGroupFile;
import io.mezzo.v1.TaskGroupInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mezzo run}: runs a command as tasks on the cluster and waits for them, like mesos-execute. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command as one or more tasks on the cluster, print each status change and each task's output,"
          + " and exit with the tasks' outcome.",
      "Examples: mezzo run -- echo hello",
      "          mezzo run --instances 3 --cpus 0.5 -- 'echo hello from $MEZZO_TASK_ID'",
      "          mezzo run --task-group group.json"},
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0    every task finished (with --detach: every task is running)",
      "  1    a task failed, was killed, lost or errored, or the master failed",
      "  2    not every task was placed within --timeout; bad flags or config",
      "  130  interrupted (Ctrl-C, SIGTERM); the framework was torn down",
      "%nSettings, lowest first: defaults, --config FILE, MEZZO_FRAMEWORK_<KEY>, flags."})
final class RunCommand extends ClientCommand {
  /** How long an interrupted run may take to tear its framework down before the process ends anyway. */
  static final long INTERRUPT_GRACE_SECONDS = 15;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Framework JSON file (keys name, user, role, cpus, mem, disk, instances, command, env, uris, timeout).")
  Path config;

  @Option(names = "--name", paramLabel = "NAME", description = "Framework name, also the start of task IDs (default: mezzo-run).")
  String name;

  @Option(names = "--cpus", paramLabel = "C", description = "CPUs per task (default: 0.1).")
  Double cpus;

  @Option(names = "--mem", paramLabel = "MB", description = "Memory per task in MB (default: 32).")
  Double mem;

  @Option(names = "--disk", paramLabel = "MB", description = "Disk per task in MB (default: 0).")
  Double disk;

  @Option(names = "--instances", paramLabel = "K", description = "How many tasks to run (default: 1).")
  Integer instances;

  @Option(names = "--role", paramLabel = "ROLE", description = "Role to take resources as (default: *).")
  String role;

  @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Environment variable of the tasks; repeatable.")
  List<String> env;

  @Option(names = "--uri", paramLabel = "URL[,extract][,cache][,executable]",
      description = "A file the agent fetches into each task's sandbox first (http, https, file or an absolute path);"
          + " extract unpacks an archive, cache keeps it in the agent's cache, executable makes it runnable;"
          + " output_file=NAME renames it. Repeatable.")
  List<String> uris;

  @Option(names = "--timeout", paramLabel = "S",
      description = "Seconds to wait for every task to be placed before giving up with exit code 2 (default: 60).")
  Double timeout;

  @Option(names = "--task-group", paramLabel = "FILE",
      description = "Launch the tasks of a task group (a JSON TaskGroupInfo, Mesos's field names) together on one"
          + " agent's default executor: when one fails or is killed, the others are killed. Each task gives its own"
          + " command and resources; COMMAND, --cpus, --mem, --disk, --instances, --env and --uri do not apply.")
  Path taskGroup;

  @Option(names = "--detach",
      description = "Exit once every task runs, leaving them running (follow them with mezzo tasks and mezzo logs).")
  boolean detach;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "The command, after --, run by sh -c on the agent: one word is a shell line as it stands;"
          + " several are joined with spaces, each quoted as needed so the agent runs exactly those words.")
  List<String> command;

  @Override
  protected int run(MasterClient client, Style style) throws Exception {
    TaskGroupInfo group = taskGroup == null ? null : TaskGroupFile.read(taskGroup);
    JsonObject layered = flags();
    if (group != null) {
      if (layered.containsKey("command") || layered.containsKey("instances") || layered.containsKey("env")
          || layered.containsKey("uris") || layered.containsKey("cpus") || layered.containsKey("mem")
          || layered.containsKey("disk")) {
        throw new CliException("--task-group takes each task's command and resources from its file;"
            + " COMMAND, --instances, --cpus, --mem, --disk, --env and --uri do not apply", 2);
      }
      // The config's command is not run; it names the group in the run's messages.
      layered.put("command", "task group " + taskGroup.getFileName());
    }
    JsonObject merged = ConfigLayers.loadSection(config, System.getenv(), "framework", layered);
    FrameworkConfig framework = FrameworkConfig.fromJson(merged, defaultUser());
    RunScheduler scheduler =
        new RunScheduler(client, framework, detach, new RunPrinter(System.out, System.err, style), group);
    AtomicBoolean done = new AtomicBoolean();
    Thread hook = new Thread(() -> interrupted(scheduler, done), "mezzo-run-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // No bound here: tasks may run for hours. The scheduler bounds each of its own waits.
      return scheduler.start().toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new CliException(String.valueOf(e.getCause().getMessage()));
    } finally {
      done.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is what ends this run; it exits with the run's code.
      }
    }
  }

  /**
   * On SIGINT or SIGTERM: tear the framework down (its tasks must not outlive the command),
   * then end the process with the run's code, 130 unless the run had just ended by itself.
   */
  private static void interrupted(RunScheduler scheduler, AtomicBoolean done) {
    if (done.get()) {
      return;
    }
    int code = RunScheduler.EXIT_INTERRUPTED;
    try {
      code = scheduler.interrupt().toCompletionStage().toCompletableFuture().get(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("mezzo: could not tear the framework down in time");
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  private JsonObject flags() {
    JsonObject flags = new JsonObject();
    putIfSet(flags, "name", name);
    putIfSet(flags, "cpus", cpus);
    putIfSet(flags, "mem", mem);
    putIfSet(flags, "disk", disk);
    putIfSet(flags, "instances", instances);
    putIfSet(flags, "role", role);
    putIfSet(flags, "timeout", timeout);
    if (command != null && !command.isEmpty()) {
      flags.put("command", ShellWords.join(command));
    }
    if (uris != null) {
      flags.put("uris", new JsonArray(List.copyOf(uris)));
    }
    if (env != null) {
      JsonObject variables = new JsonObject();
      for (String pair : env) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw new CliException("invalid --env '" + pair + "': expected NAME=VALUE", 2);
        }
        variables.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
      flags.put("env", variables);
    }
    return flags;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** The person running the command, who the tasks' framework is registered for. */
  static String defaultUser() {
    String user = System.getenv("USER");
    return user != null && !user.isBlank() ? user : System.getProperty("user.name", "");
  }
}
