package io.mezzo.leader;

import io.mezzo.node.EpochFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The contender of a single master (local mode, development): it always wins. Its epoch is
 * a counter kept in the master's work dir and increased at every election, so a restarted
 * master still outranks its earlier self.
 */
public final class SoloContender implements LeaderContender {
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
    Path file = workDir.resolve(EpochFile.NAME);
    long next = Math.max(EpochFile.read(file), 0) + 1;
    EpochFile.write(file, next);
    return next;
  }
}
