package io.mezzo.agent.isolation;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One isolator of the agent's {@code isolation} flag, named as Mesos names it. */
public enum Isolator {
  CGROUPS_CPU("cgroups/cpu"),
  CGROUPS_MEM("cgroups/mem"),
  CGROUPS_PIDS("cgroups/pids"),
  DISK_DU("disk/du"),
  POSIX_CPU("posix/cpu"),
  POSIX_MEM("posix/mem");

  private final String flag;

  Isolator(String flag) {
    this.flag = flag;
  }

  /** The isolator's name in the flag. */
  public String flag() {
    return flag;
  }

  public boolean cgroups() {
    return flag.startsWith("cgroups/");
  }

  /**
   * Parses a comma-separated list such as {@code cgroups/cpu,cgroups/mem,disk/du}; blanks
   * around names are ignored, an empty list means no isolator.
   *
   * @throws IllegalArgumentException naming the first unknown isolator
   */
  public static Set<Isolator> parse(String text) {
    Set<Isolator> isolators = EnumSet.noneOf(Isolator.class);
    for (String part : text.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        if (!text.isBlank()) {
          throw new IllegalArgumentException("empty isolator name in '" + text + "'");
        }
        continue;
      }
      Isolator found = null;
      for (Isolator isolator : values()) {
        if (isolator.flag.equals(name)) {
          found = isolator;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown isolator '" + part.strip() + "' (known: " + known() + ")");
      }
      isolators.add(found);
    }
    return isolators;
  }

  /** The flag text of a set of isolators, in declaration order. */
  public static String format(Set<Isolator> isolators) {
    StringBuilder text = new StringBuilder();
    for (Isolator isolator : isolators) {
      text.append(text.length() == 0 ? "" : ",").append(isolator.flag);
    }
    return text.toString();
  }

  private static String known() {
    return format(EnumSet.allOf(Isolator.class));
  }
}
