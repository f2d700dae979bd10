package io.mezzo.agent.fetcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher's lines in a sandbox's {@code stderr}, where Mesos's fetcher writes too, so
 * the task's log shows what was fetched before its own output (the task appends to it).
 * Written without blocking; a line that cannot be written is logged by the agent instead.
 */
final class FetchLog {
  private static final Logger LOG = LoggerFactory.getLogger(FetchLog.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Future<AsyncFile> file;

  private FetchLog(Future<AsyncFile> file) {
    this.file = file;
  }

  /** A log appending to {@code sandbox/stderr}, which is created (with the sandbox) if need be. */
  static FetchLog open(Vertx vertx, Path sandbox) {
    Path stderr = sandbox.resolve("stderr");
    return new FetchLog(vertx.fileSystem().mkdirs(sandbox.toString())
        .compose(v -> vertx.fileSystem().open(stderr.toString(), new OpenOptions().setAppend(true).setCreate(true))));
  }

  /** Appends one line, stamped with the time of day. */
  void line(String text) {
    String line = TIME.format(LocalTime.now()) + " mezzo-fetcher: " + text + "\n";
    file.onSuccess(out -> out.write(Buffer.buffer(line)))
        .onFailure(error -> LOG.info("{} (not in the sandbox: {})", text.strip(), error.getMessage()));
  }

  /** Closes the file once the lines before are written. */
  Future<Void> close() {
    return file.compose(AsyncFile::close).otherwiseEmpty();
  }

  /** A byte count for people: 812 B, 4.2 MiB. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
