package io.mezzo.agent;

import io.mezzo.v1.CommandInfo;

/** Turns a task's (or a check's) command into the shell command line the agent runs. */
public final class CommandLines {
  private CommandLines() {}

  /**
   * The command's shell form: its value when {@code shell} is true (the default); otherwise
   * its value as the program and its arguments after the first (which, as in Mesos, is the
   * program's own name) as arguments, each quoted so the shell passes it through untouched.
   */
  public static String of(CommandInfo command) {
    if (command.getShell()) {
      return command.getValue();
    }
    StringBuilder line = new StringBuilder("exec ").append(quote(command.getValue()));
    for (int i = 1; i < command.getArgumentsCount(); i++) {
      line.append(' ').append(quote(command.getArguments(i)));
    }
    return line.toString();
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
