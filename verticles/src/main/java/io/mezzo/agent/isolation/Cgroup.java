package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cgroup of one executor run, in whichever cgroups version the host has: where its
 * processes join, its limits, and readers of what it uses (for usage statistics and QoS).
 * Every method does file I/O on cgroupfs: call it on a worker, never on an event loop.
 */
public interface Cgroup {
  /** The run's cgroup name under each hierarchy's root, e.g. {@code mezzo/<runId>}. */
  String name();

  /** "v1" or "v2". */
  String version();

  /** The {@code cgroup.procs} files a process writes its PID into to join the cgroup. */
  List<Path> procsFiles();

  /** Sets the limits that the configured isolators enforce. */
  void update(ContainerLimits limits) throws IOException;

  /** How many processes the kernel's OOM killer has killed in the cgroup; 0 when unknown. */
  long oomKills() throws IOException;

  /** The memory the cgroup uses now, in bytes; -1 without a memory controller. */
  long memoryUsageBytes() throws IOException;

  /** The most memory the cgroup has used, in bytes; -1 when the kernel does not say. */
  long memoryPeakBytes() throws IOException;

  /** The CPU time the cgroup's processes have used, in nanoseconds; -1 without cpuacct. */
  long cpuUsageNanos() throws IOException;

  /** The PIDs in the cgroup. */
  List<Long> pids() throws IOException;

  /** Stops (true) or resumes (false) every process of the cgroup; needs the freezer. */
  void freeze(boolean frozen) throws IOException;

  /** SIGKILLs whatever is left in the cgroup and removes it; a gone cgroup is fine. */
  void destroy() throws IOException, InterruptedException;
}
