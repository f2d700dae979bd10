package io.mezzo.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.AgentConfig;
import io.mezzo.model.Resources;
import io.mezzo.v1.TaskStatus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroups logic without the kernel: mounts, limits arithmetic, and the files written (in a plain directory). */
class CgroupsTest {
  static final String MOUNTS = """
      tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
      cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0
      cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
      cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0
      cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,pids 0 0
      cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
      proc /proc proc rw 0 0
      """;

  static IsolationConfig config(JsonObject json) {
    return AgentConfig.fromJson(json).isolation();
  }

  @Test
  void mountsNameEachV1ControllerAndTheUnifiedHierarchy() {
    CgroupMounts mounts = CgroupMounts.parse(MOUNTS);
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), mounts.v1().get("cpu"));
    assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), mounts.v1().get("cpuacct"));
    assertEquals(Path.of("/sys/fs/cgroup/memory"), mounts.v1().get("memory"));
    assertFalse(mounts.v1().containsKey("freezer"));
    assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")), mounts.v2());
    assertEquals(Optional.of(Path.of("/sys/fs/cgroup")),
        CgroupMounts.parse("cgroup2 /sys/fs/cgroup cgroup2 rw,nsdelegate 0 0\n").v2());
  }

  @Test
  void limitsFollowMesos() {
    ContainerLimits limits = ContainerLimits.of(Resources.parse("cpus:0.5;mem:64;disk:10"));
    assertEquals(512, limits.cpuShares());
    assertEquals(50_000, limits.cfsQuotaUs());
    assertEquals(64L << 20, limits.memBytes());
    assertEquals(10L << 20, limits.diskBytes());
    assertEquals(20, limits.cpuWeight());
    ContainerLimits tiny = ContainerLimits.of(Resources.parse("cpus:0.001"));
    assertEquals(ContainerLimits.MIN_MEM_BYTES, tiny.memBytes(), "no mem gets Mesos's minimum, not unlimited");
    assertEquals(10, tiny.cpuShares());
    assertEquals(1_000, tiny.cfsQuotaUs());
    assertEquals(0, tiny.diskBytes());
  }

  @Test
  void v1WritesEachControllersLimitsInTheRunsDirectory(@TempDir Path dir) throws Exception {
    Map<String, Path> roots = Map.of("cpu", dir.resolve("cpu"), "cpuacct", dir.resolve("cpuacct"),
        "memory", dir.resolve("memory"), "pids", dir.resolve("pids"), "freezer", dir.resolve("freezer"));
    CgroupsV1 cgroups = CgroupsV1.at(roots, config(new JsonObject().put("cgroups_enable_cfs", true).put("cgroups_pids_limit", 7)));
    Cgroup cgroup = cgroups.create("run-1", ContainerLimits.of(Resources.parse("cpus:2;mem:100")));
    assertEquals("mezzo/run-1", cgroup.name());
    assertEquals("2048", Files.readString(dir.resolve("cpu/run-1/cpu.shares")));
    assertEquals("200000", Files.readString(dir.resolve("cpu/run-1/cpu.cfs_quota_us")));
    assertEquals(Long.toString(100L << 20), Files.readString(dir.resolve("memory/run-1/memory.limit_in_bytes")));
    assertEquals("7", Files.readString(dir.resolve("pids/run-1/pids.max")));
    assertEquals(5, cgroup.procsFiles().size());
    assertTrue(cgroup.procsFiles().contains(dir.resolve("freezer/run-1/cgroup.procs")));

    Files.writeString(dir.resolve("memory/run-1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    Files.writeString(dir.resolve("memory/run-1/memory.max_usage_in_bytes"), Long.toString(100L << 20));
    Files.writeString(dir.resolve("cpuacct/run-1/cpuacct.usage"), "12345\n");
    assertEquals(2, cgroup.oomKills());
    assertEquals(12345, cgroup.cpuUsageNanos());
    Container container = new Container("run-1", cgroup, ContainerLimits.of(Resources.parse("cpus:2;mem:100")),
        config(new JsonObject()), true);
    Limitation limitation = container.memoryLimitation().orElseThrow();
    assertEquals(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, limitation.reason());
    assertEquals("Memory limit exceeded: Requested: 100MB Maximum Used: 100MB", limitation.message());
    assertEquals("mem:100", limitation.resource());

    assertTrue(cgroups.find("run-1").isPresent(), "found again after a restart");
    assertFalse(cgroups.find("run-2").isPresent());
  }

  @Test
  void v1UsesOnlyTheAskedControllers(@TempDir Path dir) {
    Map<String, Path> roots = Map.of("cpu", dir.resolve("cpu"), "memory", dir.resolve("memory"),
        "cpuacct", dir.resolve("cpuacct"));
    CgroupsV1 cgroups = CgroupsV1.at(roots, config(new JsonObject().put("isolation", "cgroups/mem")));
    assertEquals(Set.of(Isolator.CGROUPS_MEM), cgroups.supported(Set.of(Isolator.CGROUPS_MEM, Isolator.CGROUPS_PIDS)));
    assertEquals(Set.of("memory", "cpuacct"), cgroups.dirs("r").keySet());
  }

  @Test
  void v2WritesTheUnifiedFiles(@TempDir Path dir) throws Exception {
    CgroupsV2 cgroups = CgroupsV2.at(dir, Set.of("cpu", "memory", "pids"),
        config(new JsonObject().put("cgroups_pids_limit", 9)));
    Cgroup cgroup = cgroups.create("run-1", ContainerLimits.of(Resources.parse("cpus:1;mem:64")));
    assertEquals(List.of(dir.resolve("run-1/cgroup.procs")), cgroup.procsFiles());
    assertEquals("39", Files.readString(dir.resolve("run-1/cpu.weight")));
    assertEquals("max", Files.readString(dir.resolve("run-1/cpu.max")), "no hard quota without cgroups_enable_cfs");
    assertEquals(Long.toString(64L << 20), Files.readString(dir.resolve("run-1/memory.max")));
    assertEquals("9", Files.readString(dir.resolve("run-1/pids.max")));
    Files.writeString(dir.resolve("run-1/memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    Files.writeString(dir.resolve("run-1/cpu.stat"), "usage_usec 42\nuser_usec 40\n");
    assertEquals(1, cgroup.oomKills());
    assertEquals(42_000, cgroup.cpuUsageNanos());
    assertEquals("+cpu +memory", CgroupsV2.enableLine(Set.of("memory", "cpu", "io")));
  }
}
