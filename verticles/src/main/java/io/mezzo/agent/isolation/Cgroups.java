package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The host's cgroups, in version 1 or 2: makes and finds the cgroups of executor runs. */
public interface Cgroups {
  /** "v1" or "v2". */
  String version();

  /** The isolators this host can give: those asked for whose controller exists. */
  Set<Isolator> supported(Set<Isolator> asked);

  /** Creates (or takes, if it exists) the cgroup {@code name} and sets its limits. Blocking. */
  Cgroup create(String name, ContainerLimits limits) throws IOException;

  /** The existing cgroup {@code name}, after an agent restart; empty when there is none. */
  Optional<Cgroup> find(String name);

  /** The directories that hold the runs' cgroups (one per hierarchy). */
  List<Path> roots();

  /**
   * The host's cgroups: v2 when its controllers are on the cgroup2 mount, else the v1
   * controllers; empty when neither is mounted or the root cgroup cannot be made (not
   * root), with {@code why} saying why.
   */
  static Optional<Cgroups> detect(CgroupMounts mounts, IsolationConfig config, StringBuilder why) {
    try {
      if (mounts.v2().isPresent()) {
        Path v2 = mounts.v2().get();
        Path controllers = v2.resolve("cgroup.controllers");
        if (Files.isReadable(controllers) && CgroupFiles.read(controllers).contains("memory")) {
          return Optional.of(CgroupsV2.open(v2, config));
        }
      }
      if (mounts.v1().containsKey("memory") || mounts.v1().containsKey("cpu")) {
        return Optional.of(CgroupsV1.open(mounts.v1(), config));
      }
      why.append("no cgroup hierarchy with the cpu or memory controller is mounted");
    } catch (IOException | RuntimeException e) {
      why.append("cannot create the cgroups root '").append(config.cgroupsRoot()).append("': ").append(e);
    }
    return Optional.empty();
  }
}
