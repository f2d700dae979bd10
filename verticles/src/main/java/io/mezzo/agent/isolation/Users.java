package io.mezzo.agent.isolation;

import io.mezzo.executor.Confinement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Who a task runs as: its command's user, else its framework's, else the agent's default
 * (as Mesos's {@code switch_user}); and that user's numeric identity, from the host's
 * passwd database through {@code getent}, so NSS users (LDAP, sssd) count too.
 */
public final class Users {
  private static final long GETENT_TIMEOUT_SECONDS = 10;
  /** A passwd line is short; a longer answer is not one. */
  private static final int MAX_LINE = 4096;

  private Users() {}

  /** The user a task asks to run as: the command's, else the framework's, else {@code fallback}. */
  public static String chosen(String commandUser, String frameworkUser, String fallback) {
    if (commandUser != null && !commandUser.isEmpty()) {
      return commandUser;
    }
    if (frameworkUser != null && !frameworkUser.isEmpty()) {
      return frameworkUser;
    }
    return fallback;
  }

  /** Parses one passwd line "name:x:uid:gid:gecos:home:shell"; empty when it is not one. */
  static Optional<Confinement.User> parse(String line) {
    String[] fields = line.strip().split(":", -1);
    if (fields.length < 7) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Confinement.User(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Looks {@code name} up; empty when the host has no such user. Blocking. */
  public static Optional<Confinement.User> lookup(String name) throws IOException, InterruptedException {
    if (name.isEmpty() || name.startsWith("-") || name.contains(":") || name.contains("\n")) {
      return Optional.empty();
    }
    Process getent = new ProcessBuilder("getent", "passwd", "--", name).redirectErrorStream(true).start();
    byte[] out = getent.getInputStream().readNBytes(MAX_LINE);
    if (!getent.waitFor(GETENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      getent.destroyForcibly();
      throw new IOException("getent passwd " + name + " did not answer in " + GETENT_TIMEOUT_SECONDS + "s");
    }
    if (getent.exitValue() == 2) {
      return Optional.empty(); // getent's "not found"
    }
    if (getent.exitValue() != 0) {
      throw new IOException("getent passwd " + name + " exited with " + getent.exitValue());
    }
    return parse(new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse(""))
        .filter(user -> user.name().equals(name));
  }
}
