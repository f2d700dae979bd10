package io.mezzo.leader;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * The contender of a single master (local mode, development): it always wins. Its epoch is
 * a counter kept in the master's work dir and increased at every election, so a restarted
 * master still outranks its earlier self.
 */
public final class SoloContender implements LeaderContender {
  static final String EPOCH_FILE = "epoch";

  private final Vertx vertx;
  private final Path workDir;
  private Promise<Void> lost;

  public SoloContender(Vertx vertx, Path workDir) {
    this.vertx = vertx;
    this.workDir = workDir;
  }

  @Override
  public Future<Leadership> contend() {
    return vertx.executeBlocking(() -> nextEpoch(workDir), false)
        .map(
            epoch -> {
              lost = Promise.promise();
              Future<Void> lostFuture = lost.future();
              return new Leadership() {
                @Override
                public long epoch() {
                  return epoch;
                }

                @Override
                public Future<Void> lost() {
                  return lostFuture;
                }
              };
            });
  }

  @Override
  public Future<Void> withdraw() {
    if (lost != null) {
      lost.tryComplete();
    }
    return Future.succeededFuture();
  }

  /** Reads, increases and durably writes the epoch counter; blocking. */
  static long nextEpoch(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    Path file = workDir.resolve(EPOCH_FILE);
    long epoch = 0;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      try {
        epoch = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IOException("corrupt epoch file " + file + ": '" + text + "'", e);
      }
    }
    long next = epoch + 1;
    Path temporary = workDir.resolve(EPOCH_FILE + ".tmp");
    try (FileChannel channel =
        FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable only once the directory is: an epoch must never go back.
    try (FileChannel directory = FileChannel.open(workDir, StandardOpenOption.READ)) {
      directory.force(true);
    }
    return next;
  }
}
