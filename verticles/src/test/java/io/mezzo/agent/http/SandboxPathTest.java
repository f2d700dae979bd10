package io.mezzo.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mezzo.bus.Refusal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxPathTest {
  static final Path ROOT = Path.of("/work/agent/agents");
  static final Path SANDBOX = ROOT.resolve("a1/frameworks/f1/executors/t1/runs/r1");

  @ParameterizedTest
  @ValueSource(strings = {"..", "../", "../etc/passwd", "a/../b", "a/..", "./../x", "stdout/..", "a//../b"})
  void dotDotSegmentsAreRefused(String text) {
    Refusal refused = assertThrows(Refusal.class, () -> SandboxPath.relative(text, SANDBOX));
    assertEquals(400, refused.status());
  }

  @Test
  void nulBytesAreRefused() {
    assertEquals(400, assertThrows(Refusal.class, () -> SandboxPath.relative("stdout\0.txt", SANDBOX)).status());
    assertEquals(400, assertThrows(Refusal.class, () -> SandboxPath.absolute(SANDBOX + "/\0", ROOT)).status());
  }

  @Test
  void relativePathsStayUnderTheSandbox() {
    assertEquals(SANDBOX.resolve("stdout"), SandboxPath.relative("stdout", SANDBOX));
    assertEquals(SANDBOX.resolve("sub/file"), SandboxPath.relative("./sub//file/", SANDBOX));
    assertEquals(SANDBOX, SandboxPath.relative("", SANDBOX));
    assertEquals(SANDBOX.resolve("..x"), SandboxPath.relative("..x", SANDBOX), "a name that merely starts with dots");
    assertEquals(List.of("a", "b"), SandboxPath.segments("/a/./b/"));
  }

  @Test
  void absolutePathsInTaskModeAreRefused() {
    assertEquals(400, assertThrows(Refusal.class, () -> SandboxPath.relative("/etc/passwd", SANDBOX)).status());
  }

  @Test
  void absolutePathsMustLieUnderTheRoot() {
    assertEquals(SANDBOX.resolve("stdout"), SandboxPath.absolute(SANDBOX + "/stdout", ROOT));
    assertEquals(403, assertThrows(Refusal.class, () -> SandboxPath.absolute("/etc/passwd", ROOT)).status());
    assertEquals(403, assertThrows(Refusal.class, () -> SandboxPath.absolute("/work/agent/agentsX/y", ROOT)).status());
    assertEquals(400, assertThrows(Refusal.class, () -> SandboxPath.absolute(ROOT + "/../../etc", ROOT)).status());
    assertEquals(400, assertThrows(Refusal.class, () -> SandboxPath.absolute("stdout", ROOT)).status());
  }
}
