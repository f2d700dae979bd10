package io.mezzo.agent.isolation;

import io.mezzo.v1.TaskStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The isolation of one executor run: its cgroup (when cgroups isolate), its limits, and the
 * checks that tell when it went over them. Blocking methods: call them on a worker.
 */
public final class Container {
  private final String runId;
  private final Cgroup cgroup;
  private final IsolationConfig config;
  private final boolean measureDisk;
  private volatile ContainerLimits limits;

  Container(String runId, Cgroup cgroup, ContainerLimits limits, IsolationConfig config, boolean measureDisk) {
    this.runId = runId;
    this.cgroup = cgroup;
    this.limits = limits;
    this.config = config;
    this.measureDisk = measureDisk;
  }

  /** The run this container isolates. */
  public String runId() {
    return runId;
  }

  /** The run's cgroup, for usage statistics and the freezer; empty without cgroups. */
  public Optional<Cgroup> cgroup() {
    return Optional.ofNullable(cgroup);
  }

  public ContainerLimits limits() {
    return limits;
  }

  /** Changes the run's limits, as when a task group's executor gets one more task. */
  public void update(ContainerLimits limits) throws IOException {
    this.limits = limits;
    if (cgroup != null) {
      cgroup.update(limits);
    }
  }

  /** Whether the kernel OOM-killed a process of the run: then it went over its memory. */
  public Optional<Limitation> memoryLimitation() throws IOException {
    if (cgroup == null || cgroup.oomKills() == 0) {
      return Optional.empty();
    }
    long peak = cgroup.memoryPeakBytes();
    // Mesos's wording, so that tools matching it keep working.
    String message = "Memory limit exceeded: Requested: " + ContainerLimits.megabytes(limits.memBytes())
        + (peak >= 0 ? " Maximum Used: " + ContainerLimits.megabytes(peak) : "");
    return Optional.of(new Limitation(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, message,
        "mem:" + (limits.memBytes() >> 20)));
  }

  /**
   * With disk/du on, measures {@code sandbox}: over the run's {@code disk} is a limitation
   * when {@code enforce_container_disk_quota} is on (else it is only logged by the caller).
   */
  public Optional<Limitation> diskLimitation(Path sandbox) throws IOException, InterruptedException {
    if (!measureDisk || limits.diskBytes() == 0 || !config.enforceDiskQuota()) {
      return Optional.empty();
    }
    long used = DiskUsage.bytes(sandbox);
    if (used <= limits.diskBytes()) {
      return Optional.empty();
    }
    String message = "Disk usage (" + ContainerLimits.megabytes(used) + ") exceeds quota ("
        + ContainerLimits.megabytes(limits.diskBytes()) + ")";
    return Optional.of(new Limitation(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK, message,
        "disk:" + (limits.diskBytes() >> 20)));
  }

  /** Kills what is left of the run and removes its cgroup. */
  public void destroy() throws IOException, InterruptedException {
    if (cgroup != null) {
      cgroup.destroy();
    }
  }

  @Override
  public String toString() {
    return "Container[" + runId + ", " + (cgroup == null ? "no cgroup" : cgroup) + ", " + limits + "]";
  }
}
