package io.mezzo.checks;

import io.mezzo.agent.CommandLines;
import io.mezzo.checks.core.CheckPort;
import io.mezzo.checks.core.CheckSpec;
import io.mezzo.checks.core.ProbeResult;
import io.mezzo.executor.ProcessGroups;
import io.mezzo.executor.TaskEnvironment;
import io.vertx.core.Context;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A COMMAND check: {@code sh -c COMMAND} in the task's sandbox, with the task's environment
 * and the check command's own variables on top, in a process group of its own (setsid) so
 * that a timeout or the end of the attempt takes everything it started. Its output goes to
 * the sandbox's stdout and stderr, where Mesos's command executor puts it too. Forking and
 * signalling run on workers; the JDK's reaper sees the exit; the result comes back on the
 * agent's context.
 */
final class CommandProbe {
  private static final Logger LOG = LoggerFactory.getLogger(CommandProbe.class);

  private final Context context;
  private final Path sandbox;
  private final Map<String, String> environment;

  CommandProbe(Context context, Path sandbox, Map<String, String> environment) {
    this.context = context;
    this.sandbox = sandbox;
    this.environment = environment;
  }

  CheckPort.Attempt run(CheckSpec spec, Consumer<ProbeResult> done) {
    Attempt attempt = new Attempt();
    Map<String, String> env = TaskEnvironment.withVariables(environment, spec.command().getEnvironment());
    String line = CommandLines.of(spec.command());
    blocking(() -> start(line, env))
        .onComplete(started -> {
          if (started.failed()) {
            done.accept(ProbeResult.failed("the check command could not start: " + started.cause().getMessage()));
            return;
          }
          Process process = started.result();
          attempt.process = process;
          if (attempt.aborted) {
            killGroup(process);
            return;
          }
          process.onExit().whenComplete((p, error) -> context.runOnContext(v -> {
            // Whatever the command left running in its group goes with it, as a task's does.
            killGroup(process);
            if (!attempt.aborted) {
              done.accept(ProbeResult.exitCode(process.exitValue()));
            }
          }));
        });
    return attempt;
  }

  private Process start(String line, Map<String, String> env) throws IOException {
    Path setsid = ProcessGroups.setsid()
        .orElseThrow(() -> new IOException("setsid (util-linux) is not installed"));
    ProcessBuilder builder = new ProcessBuilder(List.of(setsid.toString(), "/bin/sh", "-c", line))
        .directory(sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** SIGKILLs the check's process group, on a worker; the leader's PID is the group's ID (setsid). */
  private void killGroup(Process process) {
    blocking(() -> ProcessGroups.signal(process.pid(), "KILL"))
        .onFailure(e -> LOG.warn("could not kill check command group {}: {}", process.pid(), e.toString()));
  }

  private <T> io.vertx.core.Future<T> blocking(java.util.concurrent.Callable<T> work) {
    try {
      return context.executeBlocking(work, false);
    } catch (RejectedExecutionException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /** Touched on the context only. */
  private final class Attempt implements CheckPort.Attempt {
    Process process;
    boolean aborted;

    @Override
    public void abort() {
      aborted = true;
      if (process != null) {
        killGroup(process);
      }
    }
  }
}
