package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent offers: the machine's resources, with the operator's override on top. */
class FingerprintTest {
  private static final Resources DETECTED = Resources.parse("cpus:8;mem:16000;disk:100000;ports:[31000-32000]");

  @TempDir Path work;

  @Test
  void anOverrideReplacesTheDetectedResourceOfTheSameName() {
    Resources merged = Fingerprint.merge(DETECTED, Resources.parse("cpus:2;ports:[5000-5010]"));

    assertEquals(Resources.parse("cpus:2;mem:16000;disk:100000;ports:[5000-5010]"), merged);
  }

  @Test
  void anOverrideAddsNewNamesAndKeepsTheOthers() {
    Resources merged = Fingerprint.merge(DETECTED, Resources.parse("net_mbps:1000;gpu_ids:{gpu0,gpu1}"));

    assertEquals(DETECTED.plus(Resources.parse("net_mbps:1000;gpu_ids:{gpu0,gpu1}")), merged);
    assertEquals(DETECTED, Fingerprint.merge(DETECTED, Resources.empty()));
  }

  @Test
  void anOverrideOfANameReplacesItInEveryRole() {
    Resources detected = DETECTED.plus(Resources.parse("mem(web):512"));

    Resources merged = Fingerprint.merge(detected, Resources.parse("mem(batch):1024;cpus(web):4;cpus:1"));

    assertEquals(Resources.parse("cpus:1;cpus(web):4;mem(batch):1024;disk:100000;ports:[31000-32000]"), merged);
  }

  @Test
  void detectFindsThisMachinesResources() throws Exception {
    Path workDir = work.resolve("not/yet/there");

    Resources detected = Fingerprint.detect(workDir);

    assertTrue(Files.isDirectory(workDir), "the work dir is created to measure its disk");
    assertEquals(Runtime.getRuntime().availableProcessors(), detected.scalar("cpus"));
    assertTrue(detected.scalar("mem") > 0, detected.toString());
    assertTrue(detected.scalar("disk") > 0, detected.toString());
    List<long[]> ports = detected.ranges("ports");
    assertEquals(1, ports.size());
    assertArrayEquals(new long[] {31000, 32000}, ports.get(0));
    assertEquals(List.of("cpus", "disk", "mem", "ports"), detected.keys().stream().map(Resources.Key::name).toList());
  }

  @Test
  void resourcesAppliesTheConfiguredOverride() throws Exception {
    assertEquals(Fingerprint.detect(work).named("cpus", "ports"), Fingerprint.resources(work, null).named("cpus", "ports"));

    Resources configured = Fingerprint.resources(work, "mem:1024;net_mbps:100");

    assertEquals(1024, configured.scalar("mem"));
    assertEquals(100, configured.scalar("net_mbps"));
    assertEquals(Runtime.getRuntime().availableProcessors(), configured.scalar("cpus"));
    assertThrows(InvalidResourcesException.class, () -> Fingerprint.resources(work, "mem:lots"));
  }
}
