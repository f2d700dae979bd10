package io.mezzo.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.AgentConfig;
import io.mezzo.executor.Confinement;
import io.mezzo.model.Resources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where cgroups cannot be had, the agent says so and falls back to posix isolation. */
class PosixFallbackTest {
  static IsolationConfig config(JsonObject json) {
    return AgentConfig.fromJson(json).isolation();
  }

  @Test
  void notRootFallsBackAndSaysWhatIsNotEnforced() {
    Isolation isolation = Isolation.start(config(new JsonObject()), 1000, () -> CgroupsTest.MOUNTS);
    assertEquals(EnumSet.of(Isolator.DISK_DU, Isolator.POSIX_CPU, Isolator.POSIX_MEM), isolation.active());
    assertEquals("none", isolation.cgroupsVersion());
    assertTrue(isolation.notEnforced().contains("the memory limit"), isolation.notEnforced().toString());
    assertTrue(isolation.notEnforced().contains("cpu shares and quota"), isolation.notEnforced().toString());
  }

  @Test
  void noHierarchyMountedFallsBackToo() {
    Isolation isolation = Isolation.start(config(new JsonObject().put("isolation", "cgroups/mem")), 0,
        () -> "proc /proc proc rw 0 0\n");
    assertEquals(EnumSet.of(Isolator.POSIX_MEM), isolation.active());
    assertEquals(List.of("the memory limit"), isolation.notEnforced());
  }

  @Test
  void withoutSwitchUserATaskIsConfinedToNothing(@TempDir Path sandbox) throws Exception {
    Isolation isolation = Isolation.start(config(new JsonObject().put("switch_user", false)), 1000, () -> "");
    Container container = isolation.create("run-1", ContainerLimits.of(Resources.parse("cpus:1;mem:64")));
    assertTrue(container.cgroup().isEmpty());
    Confinement confinement = isolation.confine(container, "someone", "tester", sandbox);
    assertNull(confinement.user());
    assertEquals(List.of(), confinement.cgroupProcs());
    assertTrue(container.memoryLimitation().isEmpty());
  }

  @Test
  void aNonRootAgentCannotSwitchToAnotherUser(@TempDir Path sandbox) throws Exception {
    Isolation isolation = Isolation.start(config(new JsonObject()), 4242, () -> "");
    Container container = isolation.create("run-1", ContainerLimits.of(Resources.parse("cpus:1")));
    IsolationException e = org.junit.jupiter.api.Assertions.assertThrows(IsolationException.class,
        () -> isolation.confine(container, "nobody", "", sandbox));
    assertTrue(e.getMessage().contains("switch_user=false"), e.getMessage());
  }
}
