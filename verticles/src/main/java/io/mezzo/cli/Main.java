package io.mezzo.cli;

import io.mezzo.Version;
import io.mezzo.cli.client.CliException;
import io.mezzo.cli.state.AgentsCommand;
import io.mezzo.cli.state.FrameworksCommand;
import io.mezzo.cli.state.KillCommand;
import io.mezzo.cli.state.TasksCommand;
import io.mezzo.config.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mezzo} command line: nodes ({@code local, master, agent}) and clients ({@code run, tasks, agents, frameworks, logs, kill}). */
@Command(
    name = "mezzo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Mezzo: a Mesos-style cluster resource manager on Vert.x.",
    subcommands = {LocalCommand.class, MasterCommand.class, AgentCommand.class, RunCommand.class,
        TasksCommand.class, AgentsCommand.class, FrameworksCommand.class, LogsCommand.class, KillCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    // Hazelcast and the JDK log through java.util.logging; send it all to one place.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parsed) -> {
          // One clear line, no stack trace: the log has the details.
          Throwable cause = error;
          while (cause.getCause() != null && !(cause instanceof ConfigException) && !(cause instanceof CliException)) {
            cause = cause.getCause();
          }
          cmd.getErr().println("mezzo: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
          if (cause instanceof CliException cli) {
            return cli.exitCode();
          }
          return cause instanceof ConfigException ? 2 : 1;
        });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Reports the build's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mezzo " + Version.VERSION};
    }
  }
}
