package io.mezzo.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An epoch kept in a file of a node's work dir: the highest a master has led with, or the
 * highest an agent has seen. An epoch must never go back, so every write is durable and the
 * file never holds half a number. Blocking; call it from a worker thread.
 */
public final class EpochFile {
  /** The file's name in a work dir. */
  public static final String NAME = "epoch";

  private EpochFile() {}

  /**
   * The epoch kept in {@code file}, or -1 when there is none yet.
   *
   * @throws IOException naming the file when it does not hold a number
   */
  public static long read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt epoch file " + file + ": '" + text + "'", e);
    }
  }

  /** Replaces {@code file}'s content with {@code epoch}: temporary file, fsync, rename, fsync of the directory. */
  public static void write(Path file, long epoch) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(
        temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(Long.toString(epoch).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable only once the directory is.
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
