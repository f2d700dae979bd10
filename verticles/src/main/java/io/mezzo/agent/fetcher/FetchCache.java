package io.mezzo.agent.fetcher;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's fetcher cache on disk: one file per URI, named by the SHA-256 of the URI, in
 * {@code fetcher_cache_dir}. A URI is downloaded once, into a {@code .part} file renamed
 * into place when complete; tasks that ask for it meanwhile wait for that download instead
 * of starting their own. The cache survives agent restarts: at start the files found are
 * taken back in order of their last use (each use touches the file's time), partial
 * downloads are deleted, and the least recently used files go until the cache fits its size.
 * Bookkeeping ({@link CacheIndex}) on the agent's event loop, file work on workers.
 */
final class FetchCache {
  private static final Logger LOG = LoggerFactory.getLogger(FetchCache.class);
  private static final String PART = ".part";
  /**
   * What each file counts for at least, as the disk gives it a block: so that a flood of
   * tiny URIs cannot grow the index without bound inside the cache's size.
   */
  static final long MIN_ENTRY_BYTES = 4096;

  /** A cached file, held until released: a held file is never evicted. */
  record Lease(Path file, Supplier<Future<Void>> release) {}

  private final Vertx vertx;
  private final Path dir;
  private final CacheIndex index;
  /** Downloads into the cache under way, by key; each completes once its file is in place or has failed. */
  private final Map<String, Future<Void>> downloading = new HashMap<>();

  FetchCache(Vertx vertx, FetcherConfig config) {
    this.vertx = vertx;
    this.dir = config.cacheDir();
    this.index = new CacheIndex(config.cacheSize());
  }

  /** Takes back what an earlier agent process left in the cache; fails when the directory is unusable. */
  Future<Void> recover() {
    return vertx.executeBlocking(this::scan, false).compose(found -> {
      List<String> evicted = new ArrayList<>();
      found.forEach(file -> evicted.addAll(index.restore(file.key(), Math.max(file.size(), MIN_ENTRY_BYTES))));
      LOG.info("Fetcher cache {}: {} files, {} bytes", dir, index.size(), index.used());
      return delete(evicted);
    });
  }

  private record Found(String key, long size, FileTime used) {}

  private List<Found> scan() throws IOException {
    Files.createDirectories(dir);
    List<Found> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(PART)) {
          Files.deleteIfExists(file);
        } else if (name.matches("[0-9a-f]{64}") && Files.isRegularFile(file)) {
          found.add(new Found(name, Files.size(file), Files.getLastModifiedTime(file)));
        }
      }
    }
    found.sort(Comparator.comparing(Found::used));
    return found;
  }

  /**
   * A lease on the cached copy of {@code uri}; when there is none, {@code download} is asked
   * to write it into the path it is given (completing with its size). A copy that cannot be
   * cached (larger than the cache, or the cache full of files in use) is still handed out,
   * and deleted when its lease is released.
   */
  Future<Lease> get(String uri, Function<Path, Future<Long>> download, FetchLog log) {
    String key = key(uri);
    Future<Void> pending = downloading.get(key);
    if (pending != null) {
      log.line("Waiting for the download of '" + uri + "' into the cache that is under way");
      return pending.transform(done -> index.contains(key) ? get(uri, download, log) : uncached(key, download));
    }
    Path file = dir.resolve(key);
    if (index.acquire(key)) {
      log.line("Found '" + uri + "' in the cache");
      touch(file);
      return Future.succeededFuture(new Lease(file, () -> release(key)));
    }
    Promise<Void> settled = Promise.promise();
    downloading.put(key, settled.future());
    Path part = dir.resolve(key + "." + UUID.randomUUID() + PART);
    return download.apply(part)
        .recover(error -> delete(List.of(part.getFileName().toString())).transform(v -> Future.failedFuture(error)))
        .compose(size -> {
          List<String> evicted = index.admit(key, Math.max(size, MIN_ENTRY_BYTES));
          if (evicted == null) {
            log.line("'" + uri + "' (" + FetchLog.bytes(size) + ") does not fit in the cache: used without caching it");
            return Future.succeededFuture(temporary(part));
          }
          Lease lease = new Lease(file, () -> release(key));
          return delete(evicted)
              .compose(v -> vertx.executeBlocking(() -> Files.move(part, file, StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING), false))
              .map(moved -> lease)
              .onFailure(error -> lease.release().get());
        })
        .onComplete(done -> {
          downloading.remove(key);
          settled.complete();
        });
  }

  /** A download for one task only, after the shared one failed or could not be cached. */
  private Future<Lease> uncached(String key, Function<Path, Future<Long>> download) {
    Path part = dir.resolve(key + "." + UUID.randomUUID() + PART);
    return download.apply(part)
        .map(size -> temporary(part))
        .recover(error -> delete(List.of(part.getFileName().toString())).transform(v -> Future.failedFuture(error)));
  }

  private Future<Void> release(String key) {
    index.release(key);
    return Future.succeededFuture();
  }

  private Lease temporary(Path part) {
    return new Lease(part, () -> delete(List.of(part.getFileName().toString())));
  }

  private Future<Void> delete(List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      for (String name : names) {
        Files.deleteIfExists(dir.resolve(name));
      }
      return null;
    }, false).<Void>mapEmpty()
        .onFailure(error -> LOG.warn("could not delete from the fetcher cache: {}", error.toString()))
        .otherwiseEmpty();
  }

  /** Marks a file used now, so that its place in the order survives a restart. */
  private void touch(Path file) {
    vertx.executeBlocking(() -> {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      return null;
    }, false).onFailure(error -> LOG.debug("could not touch {}: {}", file, error.toString()));
  }

  /** The cache's name for {@code uri}. */
  static String key(String uri) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
