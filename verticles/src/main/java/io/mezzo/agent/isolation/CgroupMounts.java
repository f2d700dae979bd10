package io.mezzo.agent.isolation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup hierarchies a host mounts, read from {@code /proc/self/mounts}: each v1
 * controller's mount point and the cgroup2 mount, if any. Pure.
 *
 * @param v1 mount point per v1 controller (cpu, cpuacct, memory, pids, freezer, ...)
 * @param v2 the cgroup2 mount point, if any
 */
public record CgroupMounts(Map<String, Path> v1, Optional<Path> v2) {
  /** The v1 controllers Mezzo uses. */
  static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "pids", "freezer");

  public CgroupMounts {
    v1 = Map.copyOf(v1);
  }

  /** Parses the text of {@code /proc/mounts}: "device mountpoint fstype options dump pass". */
  public static CgroupMounts parse(String mounts) {
    Map<String, Path> v1 = new LinkedHashMap<>();
    Path v2 = null;
    for (String line : mounts.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 4) {
        continue;
      }
      Path point = Path.of(fields[1].replace("\\040", " "));
      if (fields[2].equals("cgroup2") && v2 == null) {
        v2 = point;
      } else if (fields[2].equals("cgroup")) {
        for (String option : fields[3].split(",")) {
          if (V1_CONTROLLERS.contains(option)) {
            v1.putIfAbsent(option, point);
          }
        }
      }
    }
    return new CgroupMounts(v1, Optional.ofNullable(v2));
  }
}
