package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** cgroups v1: one hierarchy per controller; a run's cgroup is a directory in each. */
final class CgroupsV1 implements Cgroups {
  private final Map<String, Path> roots;
  private final IsolationConfig config;

  private CgroupsV1(Map<String, Path> roots, IsolationConfig config) {
    this.roots = roots;
    this.config = config;
  }

  /** Opens the v1 hierarchies of {@code mounts}, making the cgroups root in each. */
  static CgroupsV1 open(Map<String, Path> mounts, IsolationConfig config) throws IOException {
    Map<String, Path> roots = new LinkedHashMap<>();
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      Path root = mount.getValue().resolve(config.cgroupsRoot());
      Files.createDirectories(root);
      roots.put(mount.getKey(), root);
    }
    return new CgroupsV1(roots, config);
  }

  /** For tests: v1 hierarchies whose root cgroups are given. */
  static CgroupsV1 at(Map<String, Path> roots, IsolationConfig config) {
    return new CgroupsV1(Map.copyOf(roots), config);
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public List<Path> roots() {
    return List.copyOf(roots.values());
  }

  @Override
  public Set<Isolator> supported(Set<Isolator> asked) {
    Set<Isolator> supported = EnumSet.noneOf(Isolator.class);
    for (Isolator isolator : asked) {
      boolean ok = switch (isolator) {
        case CGROUPS_CPU -> roots.containsKey("cpu");
        case CGROUPS_MEM -> roots.containsKey("memory");
        case CGROUPS_PIDS -> roots.containsKey("pids");
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
    V1Cgroup cgroup = new V1Cgroup(name, dirs(name));
    for (Path dir : cgroup.dirs.values()) {
      Files.createDirectories(dir);
    }
    cgroup.update(limits);
    return cgroup;
  }

  @Override
  public Optional<Cgroup> find(String name) {
    Map<String, Path> dirs = dirs(name);
    return dirs.values().stream().anyMatch(Files::isDirectory) ? Optional.of(new V1Cgroup(name, dirs)) : Optional.empty();
  }

  /** A run's directory in each hierarchy it uses: always cpuacct and freezer, for readers. */
  Map<String, Path> dirs(String name) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    Set<Isolator> used = supported(config.isolators());
    for (Map.Entry<String, Path> root : roots.entrySet()) {
      boolean use = switch (root.getKey()) {
        case "cpu" -> used.contains(Isolator.CGROUPS_CPU);
        case "memory" -> used.contains(Isolator.CGROUPS_MEM);
        case "pids" -> used.contains(Isolator.CGROUPS_PIDS);
        case "cpuacct", "freezer" -> !used.isEmpty();
        default -> false;
      };
      if (use) {
        dirs.put(root.getKey(), root.getValue().resolve(name));
      }
    }
    return dirs;
  }

  private final class V1Cgroup implements Cgroup {
    private final String name;
    private final Map<String, Path> dirs;

    V1Cgroup(String name, Map<String, Path> dirs) {
      this.name = name;
      this.dirs = dirs;
    }

    @Override
    public String name() {
      return config.cgroupsRoot() + "/" + name;
    }

    @Override
    public String version() {
      return "v1";
    }

    @Override
    public List<Path> procsFiles() {
      return dirs.values().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    @Override
    public void update(ContainerLimits limits) throws IOException {
      Path cpu = dirs.get("cpu");
      if (cpu != null) {
        CgroupFiles.write(cpu.resolve("cpu.shares"), Long.toString(limits.cpuShares()));
        if (config.enableCfs()) {
          CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(ContainerLimits.CFS_PERIOD_US));
          CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cfsQuotaUs()));
        }
      }
      Path memory = dirs.get("memory");
      if (memory != null) {
        String bytes = Long.toString(limits.memBytes());
        Path limit = memory.resolve("memory.limit_in_bytes");
        // With swap accounting the limit covers swap too, so a task cannot swap past it;
        // memsw must stay >= the plain limit, hence the order depends on the direction.
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw) && limits.memBytes() > CgroupFiles.number(limit)) {
          CgroupFiles.write(memsw, bytes);
          CgroupFiles.write(limit, bytes);
        } else {
          CgroupFiles.write(limit, bytes);
          if (Files.exists(memsw)) {
            CgroupFiles.write(memsw, bytes);
          }
        }
      }
      Path pids = dirs.get("pids");
      if (pids != null) {
        CgroupFiles.write(pids.resolve("pids.max"), Integer.toString(config.pidsLimit()));
      }
    }

    @Override
    public long oomKills() throws IOException {
      Path memory = dirs.get("memory");
      return memory == null ? 0 : Math.max(0, CgroupFiles.keyed(memory.resolve("memory.oom_control"), "oom_kill"));
    }

    @Override
    public long memoryUsageBytes() throws IOException {
      Path memory = dirs.get("memory");
      return memory == null ? -1 : CgroupFiles.number(memory.resolve("memory.usage_in_bytes"));
    }

    @Override
    public long memoryPeakBytes() throws IOException {
      Path memory = dirs.get("memory");
      return memory == null ? -1 : CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes"));
    }

    @Override
    public long cpuUsageNanos() throws IOException {
      Path cpuacct = dirs.get("cpuacct");
      return cpuacct == null ? -1 : CgroupFiles.number(cpuacct.resolve("cpuacct.usage"));
    }

    @Override
    public List<Long> pids() throws IOException {
      Path any = dirs.values().iterator().next();
      return CgroupFiles.pids(any.resolve("cgroup.procs"));
    }

    @Override
    public void freeze(boolean frozen) throws IOException {
      Path freezer = dirs.get("freezer");
      if (freezer == null) {
        throw new IOException("the freezer controller is not mounted");
      }
      CgroupFiles.write(freezer.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
    }

    @Override
    public void destroy() throws IOException, InterruptedException {
      List<IOException> errors = new ArrayList<>();
      for (Path dir : dirs.values()) {
        try {
          CgroupFiles.empty(dir);
        } catch (IOException e) {
          errors.add(e);
        }
      }
      if (!errors.isEmpty()) {
        throw errors.get(0);
      }
    }

    @Override
    public String toString() {
      return "cgroup v1 " + name() + " " + dirs.keySet();
    }
  }
}
