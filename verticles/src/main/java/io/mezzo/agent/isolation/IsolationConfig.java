package io.mezzo.agent.isolation;

import io.mezzo.config.ConfigReader;
import io.mezzo.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How an agent isolates its tasks: the isolators asked for (Mesos's {@code isolation}),
 * their cgroups settings, disk enforcement and the users tasks run as. See docs/isolation.md.
 *
 * @param isolators the isolators asked for; cgroups ones fall back to posix where cgroups are unavailable
 * @param cgroupsRoot the cgroup, under each hierarchy's root, holding one cgroup per executor run
 * @param enableCfs whether cpus is also a hard CFS quota, not only a share
 * @param pidsLimit the most processes and threads one executor run may have
 * @param enforceDiskQuota whether a run over its {@code disk} is killed (else only measured)
 * @param diskWatchInterval how often disk/du measures each sandbox
 * @param switchUser whether tasks run as their user (else as the agent's)
 * @param allowRootTasks whether a framework may have tasks run as root
 * @param defaultTaskUser who a task runs as when neither its command nor its framework names a user
 */
public record IsolationConfig(
    Set<Isolator> isolators,
    String cgroupsRoot,
    boolean enableCfs,
    int pidsLimit,
    boolean enforceDiskQuota,
    Duration diskWatchInterval,
    boolean switchUser,
    boolean allowRootTasks,
    String defaultTaskUser) {

  public static final String DEFAULT_ISOLATION = "cgroups/cpu,cgroups/mem,cgroups/pids,disk/du";
  public static final String DEFAULT_CGROUPS_ROOT = "mezzo";
  public static final int DEFAULT_PIDS_LIMIT = 4096;
  public static final Duration DEFAULT_DISK_WATCH_INTERVAL = Duration.ofSeconds(15);
  public static final String DEFAULT_USER = "nobody";

  /** A cgroup name: path segments of safe characters, no '..'. */
  private static final Pattern CGROUP_ROOT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*\\$?");

  public IsolationConfig {
    isolators = Set.copyOf(isolators);
  }

  /** Reads the isolation keys of an agent config; throws naming the key that is invalid. */
  public static IsolationConfig read(ConfigReader config) {
    Set<Isolator> isolators;
    try {
      isolators = Isolator.parse(config.string("isolation", DEFAULT_ISOLATION));
    } catch (IllegalArgumentException e) {
      throw config.invalid("isolation", e.getMessage());
    }
    String root = config.string("cgroups_root", DEFAULT_CGROUPS_ROOT);
    if (!CGROUP_ROOT.matcher(root).matches() || root.contains("..")) {
      throw config.invalid("cgroups_root", "must be a relative cgroup path such as 'mezzo', not '" + root + "'");
    }
    boolean cfs = config.bool("cgroups_enable_cfs", false);
    int pids = config.integer("cgroups_pids_limit", DEFAULT_PIDS_LIMIT, 1, 4_194_304);
    boolean enforceDisk = config.bool("enforce_container_disk_quota", false);
    Duration diskWatch = config.duration(
        "container_disk_watch_interval", DEFAULT_DISK_WATCH_INTERVAL, Duration.ofMillis(100), Duration.ofDays(1));
    boolean switchUser = config.bool("switch_user", true);
    boolean allowRoot = config.bool("allow_root_tasks", false);
    String user = config.string("default_task_user", DEFAULT_USER);
    if (!USER.matcher(user).matches()) {
      throw config.invalid("default_task_user", "'" + user + "' is not a user name");
    }
    if (switchUser && user.equals("root") && !allowRoot) {
      throw config.invalid("default_task_user", "root needs allow_root_tasks=true");
    }
    return new IsolationConfig(isolators, root, cfs, pids, enforceDisk, diskWatch, switchUser, allowRoot, user);
  }

  /** The keys as the agent's {@code /flags} shows them. */
  public SortedMap<String, String> flags() {
    SortedMap<String, String> flags = new TreeMap<>(Map.of(
        "isolation", Isolator.format(isolators),
        "cgroups_root", cgroupsRoot,
        "cgroups_enable_cfs", Boolean.toString(enableCfs),
        "cgroups_pids_limit", Integer.toString(pidsLimit),
        "enforce_container_disk_quota", Boolean.toString(enforceDiskQuota),
        "container_disk_watch_interval", Durations.format(diskWatchInterval),
        "switch_user", Boolean.toString(switchUser),
        "allow_root_tasks", Boolean.toString(allowRootTasks),
        "default_task_user", defaultTaskUser));
    return flags;
  }

  /** Whether {@code isolator} was asked for. */
  public boolean has(Isolator isolator) {
    return isolators.contains(isolator);
  }
}
