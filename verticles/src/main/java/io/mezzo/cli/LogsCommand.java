package io.mezzo.cli;

import io.mezzo.cli.client.CliException;
import io.mezzo.cli.client.ClientCommand;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.cli.client.Style;
import io.mezzo.cli.client.TaskFile;
import io.mezzo.model.Ids;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mezzo logs TASK}: prints a task's stdout (or stderr) from its sandbox through the
 * master; with {@code -f} it keeps printing what the task writes until the task ends.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print a task's stdout (or stderr) from its sandbox; -f follows it until the task ends.")
final class LogsCommand extends ClientCommand {
  /** How long a follower waits before asking again when nothing new came. */
  static final Duration POLL = Duration.ofMillis(250);

  @Parameters(index = "0", paramLabel = "TASK", description = "The task's ID.")
  String taskId;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the task ends.")
  boolean follow;

  @Option(names = "--stderr", description = "Print stderr instead of stdout.")
  boolean stderr;

  @Option(names = "--tail", paramLabel = "N", description = "Print only the last N lines (then go on with -f).")
  Integer tail;

  @Option(names = "--framework", paramLabel = "FW", description = "The task's framework, needed when several frameworks have a task of that ID.")
  String frameworkId;

  @Override
  protected int run(MasterClient client, Style style) throws InterruptedException {
    check("task", taskId);
    if (frameworkId != null) {
      check("framework", frameworkId);
    }
    if (tail != null && tail < 0) {
      throw new CliException("--tail must be 0 or more", 2);
    }
    TaskFile file = new TaskFile(client, taskId, frameworkId, stderr ? "stderr" : "stdout");
    PrintStream out = System.out;
    if (follow) {
      awaitSandbox(file);
    }
    long offset = 0;
    if (tail != null) {
      TaskFile.Tail last = file.tail(tail);
      write(out, last.text());
      offset = last.end();
    } else if (!follow) {
      printAll(file, out);
    }
    if (follow) {
      follow(file, out, offset);
    }
    return 0;
  }

  /** Prints the file as it is now. */
  private static void printAll(TaskFile file, PrintStream out) {
    long offset = 0;
    while (true) {
      TaskFile.Answer chunk = file.read(offset, TaskFile.CHUNK).orThrow();
      if (chunk.length() == 0) {
        return;
      }
      write(out, chunk.data());
      offset = chunk.offset() + chunk.length();
    }
  }

  /**
   * Prints what the task writes from {@code offset} on, until the task has ended and all it
   * wrote is printed. The master answers with the task's state found before the read, so an
   * empty read of an ended task means there is no more to come.
   */
  private void follow(TaskFile file, PrintStream out, long offset) throws InterruptedException {
    long next = offset;
    boolean told = false;
    while (true) {
      TaskFile.Answer chunk = file.read(next, TaskFile.CHUNK);
      if (chunk.ok()) {
        write(out, chunk.data());
        next = chunk.offset() + chunk.length();
        if (chunk.length() > 0) {
          continue; // there may be more right away
        }
        if (chunk.ended()) {
          return;
        }
      } else if (chunk.ended() || chunk.state() == null) {
        throw new CliException(chunk.error());
      } else if (!told) {
        // An agent out of reach for a while, say: a live task's output may come back.
        System.err.println("waiting for task " + taskId + " (" + chunk.state() + "): " + chunk.error());
        told = true;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Waits until the task's sandbox exists: a task just launched has none for a moment. */
  private void awaitSandbox(TaskFile file) throws InterruptedException {
    while (true) {
      TaskFile.Answer probe = file.read(-1, 0);
      if (probe.ok()) {
        return;
      }
      if (probe.state() == null || probe.ended()) {
        throw new CliException(probe.error());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static void write(PrintStream out, String data) {
    if (!data.isEmpty()) {
      byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      out.flush();
    }
  }

  private static void check(String what, String id) {
    String problem = Ids.problem(what, id);
    if (problem != null) {
      throw new CliException(problem, 2);
    }
  }
}
