package io.mezzo.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Refusal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a channel has open is checked, not what its path named before the open. */
class OpenedFileTest {
  private static Refusal refused(Path file, Path sandbox) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return assertThrows(Refusal.class, () -> OpenedFile.check(channel, sandbox.toRealPath(), "x"));
    }
  }

  @Test
  void aFileOfTheSandboxWithOneNamePasses(@TempDir Path dir) throws Exception {
    Path sandbox = Files.createDirectory(dir.resolve("sandbox"));
    Path stdout = Files.writeString(sandbox.resolve("stdout"), "hello");
    try (FileChannel channel = FileChannel.open(stdout, StandardOpenOption.READ)) {
      OpenedFile.check(channel, sandbox.toRealPath(), "stdout");
      assertEquals(0, channel.position(), "the mark is gone");
    }
  }

  @Test
  void aHardLinkIsRefused(@TempDir Path dir) throws Exception {
    Path sandbox = Files.createDirectory(dir.resolve("sandbox"));
    Path secret = Files.writeString(dir.resolve("secret"), "secret");
    Path link = Files.createLink(sandbox.resolve("x"), secret);
    Refusal e = refused(link, sandbox);
    assertEquals(403, e.status());
    assertTrue(e.getMessage().contains("2 names (hard links)"), e.getMessage());
  }

  @Test
  void aFileOpenedOutsideTheSandboxIsRefused(@TempDir Path dir) throws Exception {
    // What a task wins by swapping a directory for a symlink between the path check and the open.
    Path sandbox = Files.createDirectory(dir.resolve("sandbox"));
    Path secret = Files.writeString(dir.resolve("secret"), "secret");
    Refusal e = refused(secret, sandbox);
    assertEquals(403, e.status());
    assertTrue(e.getMessage().contains("outside the sandbox"), e.getMessage());
  }

  @Test
  void aFileDeletedOnceOpenIsGone(@TempDir Path dir) throws Exception {
    Path sandbox = Files.createDirectory(dir.resolve("sandbox"));
    Path file = Files.writeString(sandbox.resolve("gone"), "x");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Files.delete(file);
      Refusal e = assertThrows(Refusal.class, () -> OpenedFile.check(channel, sandbox.toRealPath(), "gone"));
      assertEquals(404, e.status());
    }
  }
}
