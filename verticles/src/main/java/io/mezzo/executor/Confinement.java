package io.mezzo.executor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the task's shell does to itself before it runs the task's command, while it is still
 * the agent's user: join the run's cgroups, set rlimits, then become the task's user. It does
 * so before the agent learns its PID, so no code of the task ever runs unconfined.
 *
 * @param cgroupProcs the {@code cgroup.procs} files to write the task's PID into
 * @param prlimits {@code prlimit} options such as {@code --nproc=100}; empty for none
 * @param prlimit util-linux's prlimit, by absolute path; null when {@code prlimits} is empty
 * @param user who the task runs as; null to stay the agent's user
 * @param setpriv util-linux's setpriv, by absolute path; null when {@code user} is null
 */
public record Confinement(List<Path> cgroupProcs, List<String> prlimits, Path prlimit, User user, Path setpriv) {
  /** Nothing: the task runs as the agent's user, in the agent's cgroups. */
  public static final Confinement NONE = new Confinement(List.of(), List.of(), null, null, null);

  /** A numeric identity to switch to. */
  public record User(String name, long uid, long gid) {
    public User {
      Objects.requireNonNull(name, "name");
    }
  }

  public Confinement {
    cgroupProcs = List.copyOf(cgroupProcs);
    prlimits = List.copyOf(prlimits);
    if (!prlimits.isEmpty()) {
      Objects.requireNonNull(prlimit, "prlimit");
    }
    if (user != null) {
      Objects.requireNonNull(setpriv, "setpriv");
    }
  }

  /**
   * The shell code the task's shell runs first; any failure ends it with status 125 before
   * the task's command runs, and the launch fails with the monitor's log.
   */
  String prelude() {
    StringBuilder code = new StringBuilder(":");
    for (Path procs : cgroupProcs) {
      code.append("; echo $$ >").append(quote(procs.toString())).append(" || exit 125");
    }
    if (!prlimits.isEmpty()) {
      code.append("; ").append(quote(prlimit.toString())).append(" --pid $$");
      prlimits.forEach(option -> code.append(' ').append(quote(option)));
      code.append(" || exit 125");
    }
    return code.toString();
  }

  /** What goes before the task's {@code /bin/sh} in its exec: the switch to its user. */
  String execPrefix() {
    if (user == null) {
      return "";
    }
    return quote(setpriv.toString()) + " --reuid=" + user.uid() + " --regid=" + user.gid() + " --init-groups --";
  }

  /** Single-quotes {@code text} for sh. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
