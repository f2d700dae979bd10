package io.mezzo.agent.isolation;

import io.mezzo.executor.Confinement;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's isolation: which isolators really run on this host (cgroups where they can,
 * the posix fallback where they cannot, said once in the log), the container of each executor
 * run, and the confinement each task's process takes. Blocking methods run on workers.
 */
public final class Isolation {
  private static final Logger LOG = LoggerFactory.getLogger(Isolation.class);

  /** The directory of a sandbox the monitor keeps for itself; it stays the agent's. */
  private static final String MONITOR_DIR = ".mezzo";

  private final IsolationConfig config;
  private final Cgroups cgroups;
  private final Set<Isolator> active;
  private final List<String> notEnforced;
  private final long agentUid;
  private final Path setpriv;
  private final Path prlimit;

  private Isolation(IsolationConfig config, Cgroups cgroups, Set<Isolator> active, List<String> notEnforced,
      long agentUid, Path setpriv, Path prlimit) {
    this.config = config;
    this.cgroups = cgroups;
    this.active = java.util.Collections.unmodifiableSet(EnumSet.copyOf(active.isEmpty() ? EnumSet.noneOf(Isolator.class) : active));
    this.notEnforced = List.copyOf(notEnforced);
    this.agentUid = agentUid;
    this.setpriv = setpriv;
    this.prlimit = prlimit;
  }

  /** Detects what this host offers and logs what it cannot enforce. Blocking. */
  public static Isolation start(IsolationConfig config) throws IOException {
    return start(config, Set.of());
  }

  /**
   * As {@link #start(IsolationConfig)}, removing the empty cgroups older than a minute that
   * are not those of {@code recoveredRuns}: leftovers of runs no agent will end.
   */
  public static Isolation start(IsolationConfig config, Set<String> recoveredRuns) throws IOException {
    long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    Isolation isolation = start(config, uid, () -> Files.readString(Path.of("/proc/self/mounts")));
    if (isolation.cgroups != null) {
      sweep(isolation.cgroups, recoveredRuns);
    }
    return isolation;
  }

  /** Reads a host's mounts. */
  @FunctionalInterface
  interface Mounts {
    String read() throws IOException;
  }

  /** For tests: the isolation of an agent running as {@code uid} on a host with {@code mounts}. */
  static Isolation start(IsolationConfig config, long uid, Mounts hostMounts) {
    Set<Isolator> active = EnumSet.noneOf(Isolator.class);
    List<String> notEnforced = new ArrayList<>();
    Cgroups cgroups = null;
    boolean cgroupsAsked = config.isolators().stream().anyMatch(Isolator::cgroups);
    StringBuilder why = new StringBuilder();
    if (cgroupsAsked) {
      if (uid != 0) {
        why.append("the agent does not run as root");
      } else {
        try {
          CgroupMounts mounts = CgroupMounts.parse(hostMounts.read());
          cgroups = Cgroups.detect(mounts, config, why).orElse(null);
        } catch (IOException e) {
          why.append("cannot read /proc/self/mounts: ").append(e.getMessage());
        }
      }
    }
    for (Isolator isolator : config.isolators()) {
      if (!isolator.cgroups()) {
        active.add(isolator);
      } else if (cgroups != null && cgroups.supported(Set.of(isolator)).contains(isolator)) {
        active.add(isolator);
      } else {
        // The posix fallback: usage from /proc, and no limit the kernel would enforce.
        switch (isolator) {
          case CGROUPS_CPU -> {
            active.add(Isolator.POSIX_CPU);
            notEnforced.add("cpu shares and quota");
          }
          case CGROUPS_MEM -> {
            active.add(Isolator.POSIX_MEM);
            notEnforced.add("the memory limit");
          }
          case CGROUPS_PIDS -> notEnforced.add("the pids limit (RLIMIT_NPROC of the task's user instead)");
          default -> { }
        }
      }
    }
    if (config.has(Isolator.DISK_DU) && !config.enforceDiskQuota()) {
      notEnforced.add("the disk quota (measured only: enforce_container_disk_quota is false)");
    }
    boolean usable = cgroups != null && active.stream().anyMatch(Isolator::cgroups);
    Isolation isolation = new Isolation(config, usable ? cgroups : null, active, notEnforced, uid,
        Tools.find("setpriv").orElse(null), Tools.find("prlimit").orElse(null));
    if (why.length() > 0) {
      LOG.warn("cgroups are unavailable ({}): falling back to posix isolation", why);
    }
    LOG.info("isolation: {}{}", Isolator.format(active),
        usable ? " (cgroups " + cgroups.version() + ", root '" + config.cgroupsRoot() + "')" : "");
    if (!notEnforced.isEmpty()) {
      LOG.warn("isolation does NOT enforce: {}", String.join("; ", notEnforced));
    }
    if (config.switchUser() && isolation.setpriv == null && uid == 0) {
      LOG.warn("setpriv (util-linux) is not installed: tasks cannot switch users and will fail to launch");
    }
    return isolation;
  }

  /** How old an empty cgroup must be before a starting agent takes it for a leftover. */
  static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofMinutes(1);

  private static void sweep(Cgroups cgroups, Set<String> keep) {
    int removed = 0;
    for (Path root : cgroups.roots()) {
      try {
        removed += CgroupFiles.sweep(root, LEFTOVER_AGE, keep);
      } catch (IOException e) {
        LOG.warn("could not look for leftover cgroups in {}: {}", root, e.toString());
      }
    }
    if (removed > 0) {
      LOG.info("removed {} empty leftover cgroups of ended runs", removed);
    }
  }

  /** The isolators that really run, as the {@code isolation} flag names them. */
  public Set<Isolator> active() {
    return active;
  }

  /** What this agent was asked to enforce and cannot, for its state view; empty when all is. */
  public List<String> notEnforced() {
    return notEnforced;
  }

  /** The cgroups version in use, or "none". */
  public String cgroupsVersion() {
    return cgroups == null ? "none" : cgroups.version();
  }

  public IsolationConfig config() {
    return config;
  }

  /** Makes the container of a new run, its cgroup created and limited. Blocking. */
  public Container create(String runId, ContainerLimits limits) throws IsolationException {
    Cgroup cgroup = null;
    if (cgroups != null) {
      try {
        cgroup = cgroups.create(runId, limits);
      } catch (IOException e) {
        throw new IsolationException("Failed to create the cgroup of the executor: " + e.getMessage(), e);
      }
    }
    return new Container(runId, cgroup, limits, config, active.contains(Isolator.DISK_DU));
  }

  /**
   * The container of a run an earlier agent process started: its cgroup is found again by
   * the run's ID, its limits still in force. Blocking.
   */
  public Container recover(String runId, ContainerLimits limits) {
    Cgroup cgroup = cgroups == null ? null : cgroups.find(runId).orElse(null);
    if (cgroup != null) {
      LOG.info("recovered {}", cgroup);
    }
    return new Container(runId, cgroup, limits, config, active.contains(Isolator.DISK_DU));
  }

  /**
   * How a task of {@code container} runs: in its cgroup, as the user it asks for (checked to
   * exist, and not root unless allowed), its sandbox given to that user. Blocking.
   */
  public Confinement confine(Container container, String commandUser, String frameworkUser, Path sandbox)
      throws IsolationException {
    Confinement.User user = null;
    if (config.switchUser()) {
      String name = Users.chosen(commandUser, frameworkUser, config.defaultTaskUser());
      Optional<Confinement.User> found;
      try {
        found = Users.lookup(name);
      } catch (IOException e) {
        throw new IsolationException("Failed to look up user '" + name + "': " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IsolationException("Interrupted looking up user '" + name + "'", e);
      }
      user = found.orElseThrow(() -> new IsolationException(
          "Failed to run the task as user '" + name + "': no such user on the agent's host"));
      if (user.uid() == 0 && !config.allowRootTasks()) {
        throw new IsolationException("Refused to run the task as root (user '" + name
            + "'): the agent's allow_root_tasks is false");
      }
      if (user.uid() == agentUid) {
        user = null; // Already that user: nothing to switch.
      } else if (agentUid != 0) {
        throw new IsolationException("Failed to run the task as user '" + name
            + "': the agent does not run as root (set switch_user=false to run tasks as the agent's user)");
      } else if (setpriv == null) {
        throw new IsolationException("Failed to run the task as user '" + name + "': setpriv is not installed");
      }
    }
    if (user != null) {
      try {
        giveSandbox(sandbox, user);
      } catch (IOException e) {
        throw new IsolationException("Failed to give the sandbox to user '" + user.name() + "': " + e.getMessage(), e);
      }
    }
    List<Path> procs = container.cgroup().map(Cgroup::procsFiles).orElse(List.of());
    List<String> prlimits = new ArrayList<>();
    if (!active.contains(Isolator.CGROUPS_PIDS) && config.isolators().contains(Isolator.CGROUPS_PIDS)
        && user != null && prlimit != null) {
      // RLIMIT_NPROC counts every process of the user, not of the task: a fallback only.
      prlimits.add("--nproc=" + config.pidsLimit());
    }
    return new Confinement(procs, prlimits, prlimits.isEmpty() ? null : prlimit, user, user == null ? null : setpriv);
  }

  /**
   * Chowns the sandbox to the task's user, except the monitor's directory (so the task
   * cannot forge its own exit status); stdout and stderr are made first, since the task's
   * shell opens them before it switches user.
   */
  private static void giveSandbox(Path sandbox, Confinement.User user) throws IOException {
    Files.createDirectories(sandbox);
    for (String name : List.of("stdout", "stderr")) {
      Path file = sandbox.resolve(name);
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(file);
      }
    }
    Files.walkFileTree(sandbox, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.getFileName() != null && dir.getFileName().toString().equals(MONITOR_DIR) && dir.getParent().equals(sandbox)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        own(dir, user);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        own(file, user);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void own(Path path, Confinement.User user) throws IOException {
    Files.setAttribute(path, "unix:uid", (int) user.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", (int) user.gid(), LinkOption.NOFOLLOW_LINKS);
  }
}
