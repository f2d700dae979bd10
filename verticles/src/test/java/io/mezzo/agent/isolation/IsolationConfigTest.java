package io.mezzo.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.agent.AgentConfig;
import io.mezzo.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IsolationConfigTest {
  static IsolationConfig read(JsonObject json) {
    return AgentConfig.fromJson(json).isolation();
  }

  static void refused(JsonObject json, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(json), json.encode());
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void defaultsIsolateWithCgroupsAndSwitchToNobody() {
    IsolationConfig config = read(new JsonObject());
    assertEquals(EnumSet.of(Isolator.CGROUPS_CPU, Isolator.CGROUPS_MEM, Isolator.CGROUPS_PIDS, Isolator.DISK_DU),
        config.isolators());
    assertEquals("mezzo", config.cgroupsRoot());
    assertFalse(config.enableCfs());
    assertEquals(IsolationConfig.DEFAULT_PIDS_LIMIT, config.pidsLimit());
    assertFalse(config.enforceDiskQuota());
    assertEquals(Duration.ofSeconds(15), config.diskWatchInterval());
    assertTrue(config.switchUser());
    assertFalse(config.allowRootTasks());
    assertEquals("nobody", config.defaultTaskUser());
    assertEquals("cgroups/cpu,cgroups/mem,cgroups/pids,disk/du", AgentConfig.defaults().flags().get("isolation"));
  }

  @Test
  void isolationParsesMesosNames() {
    assertEquals(EnumSet.of(Isolator.POSIX_CPU, Isolator.POSIX_MEM),
        Isolator.parse(" posix/cpu , posix/mem"));
    assertEquals(Set.of(), Isolator.parse(""));
    IsolationConfig config = read(new JsonObject().put("isolation", "cgroups/mem").put("cgroups_enable_cfs", true)
        .put("cgroups_pids_limit", 10).put("cgroups_root", "a/b").put("switch_user", "false"));
    assertEquals(Set.of(Isolator.CGROUPS_MEM), config.isolators());
    assertTrue(config.enableCfs());
    assertEquals(10, config.pidsLimit());
    assertEquals("a/b", config.cgroupsRoot());
    assertFalse(config.switchUser());
  }

  @Test
  void badValuesNameTheirKey() {
    refused(new JsonObject().put("isolation", "cgroups/gpu"), "isolation");
    refused(new JsonObject().put("isolation", "cgroups/cpu,,disk/du"), "isolation");
    refused(new JsonObject().put("cgroups_root", "../escape"), "cgroups_root");
    refused(new JsonObject().put("cgroups_root", "/abs"), "cgroups_root");
    refused(new JsonObject().put("cgroups_pids_limit", 0), "cgroups_pids_limit");
    refused(new JsonObject().put("switch_user", "yes"), "switch_user");
    refused(new JsonObject().put("default_task_user", "a:b"), "default_task_user");
    refused(new JsonObject().put("default_task_user", "root"), "default_task_user");
    assertEquals("root", read(new JsonObject().put("default_task_user", "root").put("allow_root_tasks", true))
        .defaultTaskUser());
  }
}
