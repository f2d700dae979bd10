package io.mezzo.executor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the monitor's small files in a sandbox. The task can write anywhere in its sandbox,
 * so nothing here follows a symlink, opens a FIFO (which would block a worker forever) or
 * reads more than a few bytes. Blocking: call it on a worker thread.
 */
final class SandboxFiles {
  private SandboxFiles() {}

  /** At most the last {@code maxBytes} bytes of regular file {@code file}, as text. */
  static String tail(Path file, int maxBytes) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException(file + " is not a regular file");
    }
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      channel.position(Math.max(0, size - maxBytes));
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, maxBytes));
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading: a read may return fewer bytes than asked
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
  }

  /** Like {@link #tail}, but "" when the file is missing or unreadable: for error messages. */
  static String tailOrEmpty(Path file, int maxBytes) {
    try {
      return tail(file, maxBytes).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
