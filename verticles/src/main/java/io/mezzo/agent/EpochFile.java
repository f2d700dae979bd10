package io.mezzo.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest master epoch this agent has seen, kept in {@code meta/epoch} so that a
 * restarted agent still refuses a deposed master. Writes go to a worker, one at a time, and
 * each is durable (temporary file, fsync, atomic rename, fsync of the directory) so the
 * file never goes back or holds half a number.
 *
 * <p>A message from a new epoch is acted on before its epoch is on disk: an agent that dies
 * in between forgets at most that one step, and a deposed leader stops serving on its own.
 */
final class EpochFile {
  private static final Logger LOG = LoggerFactory.getLogger(EpochFile.class);

  private final Vertx vertx;
  private final Path file;
  private long written;
  private long wanted;
  private boolean writing;

  private EpochFile(Vertx vertx, Path file, long loaded) {
    this.vertx = vertx;
    this.file = file;
    this.written = loaded;
    this.wanted = loaded;
  }

  /** The epoch kept in {@code file}, or -1 when there is none yet. Blocking. */
  static long load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt epoch file " + file + ": '" + text + "'; remove it to accept any master", e);
    }
  }

  /** A store for {@code file}, which holds {@code loaded} now. Use it on one event loop. */
  static EpochFile of(Vertx vertx, Path file, long loaded) {
    return new EpochFile(vertx, file, loaded);
  }

  /** The epoch read at start or last raised to. */
  long epoch() {
    return wanted;
  }

  /** Records a higher epoch; lower or equal ones change nothing. */
  void raise(long epoch) {
    if (epoch <= wanted) {
      return;
    }
    wanted = epoch;
    writeNext();
  }

  /** Whether the file holds the highest epoch raised so far. */
  boolean isDurable() {
    return written == wanted && !writing;
  }

  private void writeNext() {
    if (writing || written == wanted) {
      return;
    }
    writing = true;
    long epoch = wanted;
    Future<Void> write;
    try {
      write = vertx.executeBlocking(() -> write(file, epoch), false);
    } catch (RuntimeException closing) {
      // Vert.x is closing: its workers refuse work.
      write = Future.failedFuture(closing);
    }
    write.onComplete(
        result -> {
          writing = false;
          if (result.succeeded()) {
            written = epoch;
            writeNext();
          } else {
            // Retried with the next higher epoch; the one in memory still guards this run.
            LOG.warn("could not record master epoch {} in {}: {}", epoch, file, result.cause().toString());
          }
        });
  }

  /** Replaces {@code file}'s content with {@code epoch}, durably. Blocking. */
  static Void write(Path file, long epoch) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(Long.toString(epoch).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable only once the directory is.
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
    return null;
  }
}
