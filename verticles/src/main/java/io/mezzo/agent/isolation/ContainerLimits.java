package io.mezzo.agent.isolation;

import io.mezzo.model.Resources;

/**
 * What one executor run may use, from the resources of its tasks (and executor).
 *
 * @param cpus the run's cpus; its CPU share, and its hard quota with CFS on
 * @param memBytes the run's hard memory limit
 * @param diskBytes the run's sandbox quota for disk/du; 0 for none
 */
public record ContainerLimits(double cpus, long memBytes, long diskBytes) {
  /** As Mesos's cgroups isolators: a run gets at least this much, whatever it asked. */
  public static final double MIN_CPUS = 0.01;
  public static final long MIN_MEM_BYTES = 32L << 20;
  /** The CFS period Mesos uses (100 ms). */
  public static final long CFS_PERIOD_US = 100_000;
  /** The kernel refuses a quota below 1 ms. */
  static final long MIN_CFS_QUOTA_US = 1_000;
  static final long SHARES_PER_CPU = 1024;

  public ContainerLimits {
    cpus = Math.max(MIN_CPUS, cpus);
    memBytes = Math.max(MIN_MEM_BYTES, memBytes);
    diskBytes = Math.max(0, diskBytes);
  }

  /** The limits of {@code resources}: cpus, mem and disk (MB) as scalars. */
  public static ContainerLimits of(Resources resources) {
    return new ContainerLimits(resources.scalar("cpus"), (long) (resources.scalar("mem") * (1 << 20)),
        (long) (resources.scalar("disk") * (1 << 20)));
  }

  /** cgroups v1 {@code cpu.shares}: 1024 per cpu, as Mesos. */
  public long cpuShares() {
    return Math.max(2, Math.round(cpus * SHARES_PER_CPU));
  }

  /**
   * cgroups v2 {@code cpu.weight} for the same share, by the conversion runc and systemd
   * use: shares [2, 262144] onto weight [1, 10000].
   */
  public long cpuWeight() {
    long shares = Math.min(262_144, cpuShares());
    return 1 + ((shares - 2) * 9_999) / 262_142;
  }

  /** The CFS quota of one {@link #CFS_PERIOD_US} period. */
  public long cfsQuotaUs() {
    return Math.max(MIN_CFS_QUOTA_US, Math.round(cpus * CFS_PERIOD_US));
  }

  /** In MB, as Mesos writes limits in messages. */
  static String megabytes(long bytes) {
    return (bytes >> 20) + "MB";
  }
}
