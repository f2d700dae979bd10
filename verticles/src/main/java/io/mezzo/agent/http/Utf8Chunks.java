package io.mezzo.agent.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns a chunk of a file into JSON-able text without splitting a UTF-8 character: a chunk
 * that starts inside a character skips to the next one (and says so in its offset), and one
 * that ends inside a character stops before it, so the next read from offset + length
 * starts on a character. Readers that tail a log therefore never print broken characters.
 */
final class Utf8Chunks {
  private Utf8Chunks() {}

  /**
   * The text of {@code bytes[0, count)}, which the file holds from {@code offset};
   * {@code endOfFile} when the file ends with them (a character cut there is being written).
   */
  static SandboxFileSystem.Chunk decode(byte[] bytes, int count, long offset, boolean endOfFile) {
    int start = 0;
    if (offset > 0) {
      while (start < count && start < 3 && isContinuation(bytes[start])) {
        start++;
      }
      if (start == count || isContinuation(bytes[start])) {
        start = 0; // not text we can resynchronise on: leave it as it is
      }
    }
    int end = count;
    for (int i = count - 1; i >= Math.max(start, count - 3); i--) {
      if (!isContinuation(bytes[i])) {
        if (sequenceLength(bytes[i]) > count - i) {
          end = i; // the last character is not all here yet
        }
        break;
      }
    }
    if (end == start && !endOfFile) {
      end = count; // a length too short for one character: answer the bytes, or the reader never progresses
    }
    return new SandboxFileSystem.Chunk(new String(bytes, start, end - start, StandardCharsets.UTF_8), offset + start, end - start);
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static int sequenceLength(byte b) {
    if ((b & 0x80) == 0) {
      return 1;
    }
    if ((b & 0xE0) == 0xC0) {
      return 2;
    }
    if ((b & 0xF0) == 0xE0) {
      return 3;
    }
    if ((b & 0xF8) == 0xF0) {
      return 4;
    }
    return 1; // not a lead byte: malformed, taken as it is
  }
}
