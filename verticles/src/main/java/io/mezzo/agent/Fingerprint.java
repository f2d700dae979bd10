package io.mezzo.agent;

import io.mezzo.model.Resources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the resources of the machine an agent runs on: cpus, mem and disk (of the work
 * dir's file system), and the ports range 31000-32000, as Mesos does. A resource string
 * from the configuration replaces the detected resources of the names it mentions; other
 * names it mentions (such as {@code net_mbps}) are added.
 */
public final class Fingerprint {
  static final long PORTS_BEGIN = 31000;
  static final long PORTS_END = 32000;
  /** Left to the operating system and the agent itself, as Mesos leaves it. */
  static final long MEM_RESERVED_MB = 1024;
  static final long DISK_RESERVED_MB = 5 * 1024;

  private Fingerprint() {}

  /** The machine's resources, with {@code override} (may be null) replacing what it names. */
  public static Resources resources(Path workDir, String override) throws IOException {
    return merge(detect(workDir), override == null ? Resources.empty() : Resources.parse(override));
  }

  /** What this machine has. */
  static Resources detect(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    double cpus = Runtime.getRuntime().availableProcessors();
    long memMb = totalMemoryBytes() / (1024 * 1024);
    long diskMb = Files.getFileStore(workDir).getUsableSpace() / (1024 * 1024);
    return Resources.builder()
        .scalar("cpus", Resources.UNRESERVED, cpus)
        .scalar("mem", Resources.UNRESERVED, usable(memMb, MEM_RESERVED_MB))
        .scalar("disk", Resources.UNRESERVED, usable(diskMb, DISK_RESERVED_MB))
        .ranges("ports", Resources.UNRESERVED, new long[] {PORTS_BEGIN, PORTS_END})
        .build();
  }

  /** {@code detected} with every resource named in {@code override} replaced by its value there. */
  static Resources merge(Resources detected, Resources override) {
    Set<String> overridden = new LinkedHashSet<>();
    override.keys().forEach(key -> overridden.add(key.name()));
    Resources kept = Resources.empty();
    for (Resources.Key key : detected.keys()) {
      if (!overridden.contains(key.name())) {
        kept = kept.plus(detected.named(key.name()).filterRoles(key.role()::equals));
      }
    }
    return kept.plus(override);
  }

  /** What is left for tasks: the total less a reserve, but never less than half the total. */
  private static double usable(long totalMb, long reservedMb) {
    return Math.max(totalMb - reservedMb, totalMb / 2);
  }

  private static long totalMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }
}
