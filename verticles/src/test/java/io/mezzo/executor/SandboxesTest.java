package io.mezzo.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxesTest {
  private final Path work = Path.of("/var/lib/mezzo");

  @Test
  void layoutIsMesos() {
    assertEquals(
        Path.of("/var/lib/mezzo/agents/a1/frameworks/f1/executors/e1/runs/r1"),
        Sandboxes.of(work, "a1", "f1", "e1", "r1"));
  }

  @Test
  void idsMustBeSingleSafeSegments() {
    for (String bad : new String[] {"..", ".", "a/b", "", "/abs", ".hidden", "a\0b"}) {
      assertThrows(IllegalArgumentException.class, () -> Sandboxes.of(work, bad, "f", "e", "r"), bad);
      assertThrows(IllegalArgumentException.class, () -> Sandboxes.of(work, "a", "f", "e", bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> Sandboxes.of(work, null, "f", "e", "r"));
  }
}
