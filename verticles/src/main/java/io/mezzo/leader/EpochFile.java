package io.mezzo.leader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The highest epoch a master has led with, kept durably in its work dir: an epoch must never
 * go back, even if every master restarts at once. Blocking; call it from a worker thread.
 */
public final class EpochFile {
  static final String NAME = "epoch";

  private final Path workDir;

  public EpochFile(Path workDir) {
    this.workDir = workDir;
  }

  /** The stored epoch, or 0 when none was ever stored. */
  public long read() throws IOException {
    Path file = workDir.resolve(NAME);
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt epoch file " + file + ": '" + text + "'", e);
    }
  }

  /** Stores {@code epoch}: written to a temporary file, synced, renamed, and the rename synced. */
  public void write(long epoch) throws IOException {
    Files.createDirectories(workDir);
    Path temporary = workDir.resolve(NAME + ".tmp");
    try (FileChannel channel = FileChannel.open(
        temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(Long.toString(epoch).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, workDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(workDir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
