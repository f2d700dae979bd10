package io.mezzo.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ChunksTest {
  static final byte[] TEXT = "a€b".getBytes(StandardCharsets.UTF_8); // 'a', E2 82 AC, 'b'

  @Test
  void wholeTextIsKept() {
    SandboxFileSystem.Chunk chunk = Utf8Chunks.decode(TEXT, TEXT.length, 0, true);
    assertEquals(new SandboxFileSystem.Chunk("a€b", 0, 5), chunk);
  }

  @Test
  void aCharacterCutAtTheEndIsLeftForTheNextRead() {
    SandboxFileSystem.Chunk chunk = Utf8Chunks.decode(TEXT, 3, 0, false);
    assertEquals(new SandboxFileSystem.Chunk("a", 0, 1), chunk);
  }

  @Test
  void aChunkStartingInsideACharacterSkipsToTheNextOne() {
    byte[] tail = {TEXT[2], TEXT[3], TEXT[4]};
    assertEquals(new SandboxFileSystem.Chunk("b", 4, 1), Utf8Chunks.decode(tail, 3, 2, true));
  }

  @Test
  void aCutCharacterAtTheEndOfTheFileIsWaitedFor() {
    byte[] cut = {TEXT[1], TEXT[2]};
    assertEquals(new SandboxFileSystem.Chunk("", 1, 0), Utf8Chunks.decode(cut, 2, 1, true));
  }

  @Test
  void aLengthTooShortForOneCharacterStillProgresses() {
    byte[] cut = {TEXT[1]};
    assertEquals(1, Utf8Chunks.decode(cut, 1, 1, false).length());
  }

  @Test
  void binaryIsPassedThrough() {
    byte[] binary = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 'x'};
    assertEquals(5, Utf8Chunks.decode(binary, 5, 7, true).length());
  }
}
