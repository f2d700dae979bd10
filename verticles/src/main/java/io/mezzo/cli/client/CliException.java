package io.mezzo.cli.client;

/**
 * A command-line failure to report as one line, with the exit code to end with. Commands
 * throw it; the {@code mezzo} entry point prints {@code mezzo: <message>}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public CliException(String message) {
    this(message, 1);
  }

  public int exitCode() {
    return exitCode;
  }
}
