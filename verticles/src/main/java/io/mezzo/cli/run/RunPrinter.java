package io.mezzo.cli.run;

import io.mezzo.cli.client.Style;
import io.mezzo.model.Resources;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code mezzo run} prints. Status lines and progress go to stderr; each task's own
 * stdout goes to stdout and its stderr to stderr, so {@code mezzo run -- cat f > copy}
 * captures exactly what the task printed.
 */
public final class RunPrinter {
  private final PrintStream out;
  private final PrintStream err;
  private final Style style;

  public RunPrinter(PrintStream out, PrintStream err, Style style) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.style = Objects.requireNonNull(style, "style");
  }

  /** A line about the run itself. */
  void info(String line) {
    err.println(style.dim(line));
    err.flush();
  }

  /** A line that needs attention. */
  void warn(String line) {
    err.println("mezzo: " + line);
    err.flush();
  }

  /** {@code task 3: TASK_RUNNING on agent host (1a2b3c4d)}, plus why for a task that did not finish well. */
  void status(RunTasks.Instance instance, TaskStatus status) {
    StringBuilder line = new StringBuilder("task ").append(instance.number).append(": ")
        .append(style.state(status.getState().name(), status.getState().name()));
    if (instance.agentId != null) {
      line.append(" on agent ").append(instance.hostname != null ? instance.hostname : "?")
          .append(" (").append(shortId(instance.agentId)).append(")");
    }
    boolean bad = instance.ended() && status.getState() != TaskState.TASK_FINISHED;
    if (bad || status.getState() == TaskState.TASK_UNREACHABLE) {
      String why = !status.getMessage().isEmpty() ? status.getMessage()
          : status.hasReason() ? status.getReason().name() : "";
      if (!why.isEmpty()) {
        line.append(": ").append(why);
      }
    }
    err.println(line);
    err.flush();
  }

  /** A launch: which task ID an instance got, and where. */
  void launched(RunTasks.Instance instance) {
    info("task " + instance.number + ": launching " + instance.taskId + " on agent " + instance.hostname
        + " (" + shortId(instance.agentId) + ")");
  }

  /**
   * One of a task's files, to the matching stream; with a header naming the task when
   * several tasks' output follow each other.
   */
  void output(RunTasks.Instance instance, String file, TaskOutput.Read read, boolean header) {
    if (read.text().isEmpty() && !read.truncated()) {
      return;
    }
    PrintStream stream = file.equals("stderr") ? err : out;
    if (header) {
      stream.println(style.bold("==> task " + instance.number + " (" + instance.taskId + ") " + file + " <=="));
    }
    stream.print(read.text());
    if (!read.text().isEmpty() && !read.text().endsWith("\n")) {
      stream.println();
    }
    if (read.truncated()) {
      stream.println(style.dim("... (" + file + " cut short; see all of it with: mezzo logs " + instance.taskId
          + (file.equals("stderr") ? " --stderr" : "") + ")"));
    }
    stream.flush();
  }

  /** The first 8 characters of an ID: enough to tell agents apart on screen. */
  static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  /** {@code cpus:0.1 mem:32}. */
  static String describe(Resources resources) {
    List<String> parts = new ArrayList<>();
    for (Resources.Key key : resources.keys()) {
      parts.add(key.name() + ":" + number(resources.scalar(key.name())));
    }
    return String.join(" ", parts);
  }

  /** {@code 32}, {@code 0.1}: whole numbers without a fraction. */
  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
