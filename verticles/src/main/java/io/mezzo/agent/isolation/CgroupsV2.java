package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * cgroups v2: one unified hierarchy. A run's cgroup is {@code <mount>/<root>/<runId>}; the
 * controllers it needs are enabled in the subtree_control of every cgroup above it (which
 * hold no processes, as v2 requires).
 */
final class CgroupsV2 implements Cgroups {
  private final Path root;
  private final Set<String> controllers;
  private final IsolationConfig config;

  private CgroupsV2(Path root, Set<String> controllers, IsolationConfig config) {
    this.root = root;
    this.controllers = controllers;
    this.config = config;
  }

  /** Opens the unified hierarchy at {@code mount}, making the cgroups root and enabling its controllers. */
  static CgroupsV2 open(Path mount, IsolationConfig config) throws IOException {
    Set<String> available = Set.of(CgroupFiles.read(mount.resolve("cgroup.controllers")).split("\\s+"));
    Path root = mount.resolve(config.cgroupsRoot());
    Files.createDirectories(root);
    String enable = enableLine(available);
    // Each level from the mount down to the root must delegate the controllers.
    if (!enable.isEmpty()) {
      Path dir = mount;
      CgroupFiles.write(dir.resolve("cgroup.subtree_control"), enable);
      for (Path part : Path.of(config.cgroupsRoot())) {
        dir = dir.resolve(part.toString());
        CgroupFiles.write(dir.resolve("cgroup.subtree_control"), enable);
      }
    }
    return new CgroupsV2(root, available, config);
  }

  /** For tests: a unified hierarchy whose root cgroup is {@code root}, with {@code controllers}. */
  static CgroupsV2 at(Path root, Set<String> controllers, IsolationConfig config) {
    return new CgroupsV2(root, Set.copyOf(controllers), config);
  }

  /** "+cpu +memory +pids", limited to what the hierarchy has. */
  static String enableLine(Set<String> available) {
    StringBuilder line = new StringBuilder();
    for (String controller : List.of("cpu", "memory", "pids")) {
      if (available.contains(controller)) {
        line.append(line.length() == 0 ? "" : " ").append('+').append(controller);
      }
    }
    return line.toString();
  }

  @Override
  public String version() {
    return "v2";
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  @Override
  public Set<Isolator> supported(Set<Isolator> asked) {
    Set<Isolator> supported = EnumSet.noneOf(Isolator.class);
    for (Isolator isolator : asked) {
      boolean ok = switch (isolator) {
        case CGROUPS_CPU -> controllers.contains("cpu");
        case CGROUPS_MEM -> controllers.contains("memory");
        case CGROUPS_PIDS -> controllers.contains("pids");
        default -> false;
      };
      if (ok) {
        supported.add(isolator);
      }
    }
    return supported;
  }

  @Override
  public Cgroup create(String name, ContainerLimits limits) throws IOException {
    V2Cgroup cgroup = new V2Cgroup(name, root.resolve(name));
    Files.createDirectories(cgroup.dir);
    cgroup.update(limits);
    return cgroup;
  }

  @Override
  public Optional<Cgroup> find(String name) {
    Path dir = root.resolve(name);
    return Files.isDirectory(dir) ? Optional.of(new V2Cgroup(name, dir)) : Optional.empty();
  }

  private final class V2Cgroup implements Cgroup {
    private final String name;
    final Path dir;

    V2Cgroup(String name, Path dir) {
      this.name = name;
      this.dir = dir;
    }

    @Override
    public String name() {
      return config.cgroupsRoot() + "/" + name;
    }

    @Override
    public String version() {
      return "v2";
    }

    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public void update(ContainerLimits limits) throws IOException {
      Set<Isolator> used = supported(config.isolators());
      if (used.contains(Isolator.CGROUPS_CPU)) {
        CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(limits.cpuWeight()));
        String max = config.enableCfs() ? limits.cfsQuotaUs() + " " + ContainerLimits.CFS_PERIOD_US : "max";
        CgroupFiles.write(dir.resolve("cpu.max"), max);
      }
      if (used.contains(Isolator.CGROUPS_MEM)) {
        CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memBytes()));
        if (Files.exists(dir.resolve("memory.swap.max"))) {
          // As v1's memsw limit: the limit is not to be dodged by swapping.
          CgroupFiles.write(dir.resolve("memory.swap.max"), "0");
        }
      }
      if (used.contains(Isolator.CGROUPS_PIDS)) {
        CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(config.pidsLimit()));
      }
    }

    @Override
    public long oomKills() throws IOException {
      return Math.max(0, CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill"));
    }

    @Override
    public long memoryUsageBytes() throws IOException {
      return CgroupFiles.number(dir.resolve("memory.current"));
    }

    @Override
    public long memoryPeakBytes() throws IOException {
      return CgroupFiles.number(dir.resolve("memory.peak"));
    }

    @Override
    public long cpuUsageNanos() throws IOException {
      long micros = CgroupFiles.keyed(dir.resolve("cpu.stat"), "usage_usec");
      return micros < 0 ? -1 : micros * 1000;
    }

    @Override
    public List<Long> pids() throws IOException {
      return CgroupFiles.pids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void freeze(boolean frozen) throws IOException {
      CgroupFiles.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
    }

    @Override
    public void destroy() throws IOException, InterruptedException {
      Path kill = dir.resolve("cgroup.kill");
      if (Files.exists(kill)) {
        CgroupFiles.write(kill, "1");
      }
      CgroupFiles.empty(dir);
    }

    @Override
    public String toString() {
      return "cgroup v2 " + name();
    }
  }
}
