package io.mezzo.agent;

import io.mezzo.node.EpochFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest master epoch this agent has seen, kept in {@code meta/epoch} (an
 * {@link EpochFile}) so that a restarted agent still refuses a deposed master. Writes go to
 * a worker, one at a time.
 *
 * <p>A message from a new epoch is acted on before its epoch is on disk: an agent that dies
 * in between forgets at most that one step, and a deposed leader stops serving on its own.
 */
final class AgentEpoch {
  private static final Logger LOG = LoggerFactory.getLogger(AgentEpoch.class);

  private final Vertx vertx;
  private final Path file;
  private long written;
  private long wanted;
  private boolean writing;

  private AgentEpoch(Vertx vertx, Path file, long loaded) {
    this.vertx = vertx;
    this.file = file;
    this.written = loaded;
    this.wanted = loaded;
  }

  /** The epoch kept in {@code file}, or -1 when there is none yet. Blocking. */
  static long load(Path file) throws IOException {
    try {
      return EpochFile.read(file);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; remove it to accept any master", e);
    }
  }

  /** A store for {@code file}, which holds {@code loaded} now. Use it on one event loop. */
  static AgentEpoch of(Vertx vertx, Path file, long loaded) {
    return new AgentEpoch(vertx, file, loaded);
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
      write = vertx.executeBlocking(() -> {
        EpochFile.write(file, epoch);
        return null;
      }, false);
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
}
