package io.mezzo.executor;

import java.util.Map;

/**
 * How a task's command ended, as its shell reports it: an exit code 0-255, where 128+N
 * means death by signal N, or -1 when nobody could record the outcome.
 *
 * <p>The shell's convention is ambiguous: a command that runs {@code exit 137} looks
 * exactly like one killed by SIGKILL (128 + 9). That is what every sh-based executor
 * (Mesos's included) sees too; we report the signal, which is the common case.
 *
 * @param code the exit code, 0-255, or {@link #UNKNOWN}
 */
public record ExitStatus(int code) {
  /** The code of an outcome nobody recorded, e.g. because the monitor itself was SIGKILLed. */
  public static final int UNKNOWN = -1;

  /** Largest signal number on Linux (SIGRTMAX); higher codes above 128 are plain exit codes. */
  private static final int MAX_SIGNAL = 64;

  /** glibc's SIGRTMIN: 32 and 33 are taken by the threads library. */
  private static final int SIGRTMIN = 34;

  /** Signal names, numbered as on Linux x86 and ARM (the hosts Mezzo runs on). */
  private static final Map<Integer, String> SIGNAL_NAMES =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(7, "SIGBUS"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(10, "SIGUSR1"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(12, "SIGUSR2"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"),
          Map.entry(16, "SIGSTKFLT"),
          Map.entry(17, "SIGCHLD"),
          Map.entry(18, "SIGCONT"),
          Map.entry(19, "SIGSTOP"),
          Map.entry(20, "SIGTSTP"),
          Map.entry(21, "SIGTTIN"),
          Map.entry(22, "SIGTTOU"),
          Map.entry(23, "SIGURG"),
          Map.entry(24, "SIGXCPU"),
          Map.entry(25, "SIGXFSZ"),
          Map.entry(26, "SIGVTALRM"),
          Map.entry(27, "SIGPROF"),
          Map.entry(28, "SIGWINCH"),
          Map.entry(29, "SIGIO"),
          Map.entry(30, "SIGPWR"),
          Map.entry(31, "SIGSYS"));

  /** Checks the code is one a shell can report. */
  public ExitStatus {
    if (code < UNKNOWN || code > 255) {
      throw new IllegalArgumentException("exit code " + code + " is not between -1 and 255");
    }
  }

  /** The status of a task whose outcome nobody recorded. */
  public static ExitStatus unknown() {
    return new ExitStatus(UNKNOWN);
  }

  /** Whether the outcome is unknown. */
  public boolean isUnknown() {
    return code == UNKNOWN;
  }

  /** Whether the command exited with status 0. */
  public boolean success() {
    return code == 0;
  }

  /** Whether the shell reported death by a signal (code 129-192). */
  public boolean signaled() {
    return code > 128 && code <= 128 + MAX_SIGNAL;
  }

  /** The number of the signal that ended the command, or 0 when it was not signaled. */
  public int signal() {
    return signaled() ? code - 128 : 0;
  }

  /** The conventional name of signal {@code number}, such as {@code SIGTERM} or {@code SIGRTMIN+2}. */
  public static String signalName(int number) {
    String name = SIGNAL_NAMES.get(number);
    if (name != null) {
      return name;
    }
    return number >= SIGRTMIN && number <= MAX_SIGNAL ? "SIGRTMIN+" + (number - SIGRTMIN) : "SIG" + number;
  }

  /** A Mesos-like sentence for humans, such as "Command terminated with signal 15 (SIGTERM)". */
  public String describe() {
    if (isUnknown()) {
      return "Command ended with unknown status (its monitor ended without recording one)";
    }
    if (signaled()) {
      return "Command terminated with signal " + signal() + " (" + signalName(signal()) + ")";
    }
    return "Command exited with status " + code;
  }
}
