package io.mezzo.agent.fetcher;

import io.mezzo.model.FetchUris;
import io.mezzo.v1.CommandInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * The agent's fetcher (docs/fetcher.md): puts a task's {@code CommandInfo.uris} into its
 * sandbox before the task starts, as Apache Mesos's fetcher does: downloads http(s) URIs and
 * copies local files, one after the other; makes them executable or unpacks archives into
 * the sandbox; and with {@code cache} goes through the agent's cache, so that a URI is
 * downloaded once for all the tasks that ask for it. Progress goes to the sandbox's stderr.
 * Never blocks the event loop: transfers are asynchronous, file work runs on workers.
 */
public final class Fetcher {
  private final Vertx vertx;
  private final FetcherConfig config;
  private final HttpClientAgent http;
  private final Download download;
  private final FetchCache cache;

  /** A fetcher on {@code vertx}; create it on the agent's context and {@link #start} it. */
  public Fetcher(Vertx vertx, FetcherConfig config) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    // Certificates are verified (the JVM's trust store): a fetched file is run as code.
    this.http = vertx.createHttpClient(new HttpClientOptions().setMaxRedirects(10));
    this.download = new Download(vertx, http, config);
    this.cache = new FetchCache(vertx, config);
  }

  /** Takes back the cache an earlier agent process left; fails when its directory cannot be used. */
  public Future<Void> start() {
    return cache.recover()
        .recover(error -> Future.failedFuture(new FetchException(
            "cannot use fetcher_cache_dir " + config.cacheDir() + ": " + error.getMessage(), error)));
  }

  /**
   * Fetches {@code uris} into {@code sandbox} (created if need be), in order; fails with a
   * {@link FetchException} whose message names the first URI that could not be fetched.
   */
  public Future<Void> fetch(List<CommandInfo.URI> uris, Path sandbox) {
    if (uris.isEmpty()) {
      return Future.succeededFuture();
    }
    FetchLog log = FetchLog.open(vertx, sandbox);
    Future<Void> chain = Future.succeededFuture();
    for (CommandInfo.URI uri : uris) {
      chain = chain.compose(v -> fetch(uri, sandbox, log).recover(error -> {
        String why = "Failed to fetch '" + FetchUris.value(uri) + "': " + error.getMessage();
        log.line(why);
        return Future.failedFuture(new FetchException(why, error));
      }));
    }
    return chain.eventually(log::close);
  }

  /** Closes the download client. */
  public Future<Void> close() {
    return http.close();
  }

  private Future<Void> fetch(CommandInfo.URI uri, Path sandbox, FetchLog log) {
    String problem = FetchUris.problem(uri);
    if (problem != null) {
      return Future.failedFuture(new FetchException(problem));
    }
    String value = FetchUris.value(uri);
    String name = FetchUris.outputName(uri);
    Archives.Kind archive = !uri.getExecutable() && uri.getExtract() ? Archives.kind(name) : null;
    log.line("Fetching '" + value + "'" + (uri.getCache() ? " through the cache" : ""));
    if (uri.getCache()) {
      return cache.get(value, part -> obtain(value, part, log), log)
          .compose(lease -> blocking(() -> {
            place(lease.file(), sandbox, name, archive, uri.getExecutable(), log);
            return null;
          }).eventually(() -> lease.release().get()))
          .mapEmpty();
    }
    return blocking(() -> target(sandbox, name))
        .compose(file -> obtain(value, file, log).compose(bytes -> blocking(() -> {
          if (uri.getExecutable()) {
            executable(file);
          } else if (archive != null) {
            Archives.extract(file, archive, name, sandbox, config.maxSize());
            log.line("Extracted '" + name + "' into the sandbox");
          }
          return null;
        })))
        .mapEmpty();
  }

  /** Writes the bytes of {@code value} into {@code file}: downloaded, or copied from this machine. */
  private Future<Long> obtain(String value, Path file, FetchLog log) {
    Future<Long> bytes = FetchUris.source(value) == FetchUris.Source.NET
        ? download.to(value, file, log)
        : blocking(() -> copyLocal(Path.of(FetchUris.localPath(value)), file));
    return bytes.onSuccess(size -> log.line("Fetched '" + value + "' (" + FetchLog.bytes(size) + ")"));
  }

  private long copyLocal(Path source, Path file) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new FetchException(source + " is not a file on the agent");
    }
    long size = Files.size(source);
    if (size > config.maxSize()) {
      throw new FetchException("it is " + size + " bytes, more than fetcher_max_size (" + config.maxSize() + ")");
    }
    Files.copy(source, file);
    return size;
  }

  /** Puts the cached {@code file} into the sandbox: unpacked, or copied (and made executable). */
  private void place(Path file, Path sandbox, String name, Archives.Kind archive, boolean executable, FetchLog log)
      throws IOException {
    if (archive != null) {
      // As Mesos: a cached archive is unpacked from the cache, without a copy in the sandbox.
      Files.createDirectories(sandbox);
      Archives.extract(file, archive, name, sandbox, config.maxSize());
      log.line("Extracted '" + name + "' into the sandbox");
      return;
    }
    Path target = target(sandbox, name);
    Files.copy(file, target);
    if (executable) {
      executable(target);
    }
  }

  /**
   * Where {@code name} goes in {@code sandbox}: its directory created and, after following
   * any link on the way, inside the sandbox; whatever had that name is gone.
   */
  private static Path target(Path sandbox, String name) throws IOException {
    Files.createDirectories(sandbox);
    Path root = sandbox.toRealPath();
    Path lexical = root.resolve(name).normalize();
    Files.createDirectories(lexical.getParent());
    Path parent = lexical.getParent().toRealPath();
    if (!lexical.startsWith(root) || !parent.startsWith(root)) {
      throw new FetchException("'" + name + "' would be written outside the sandbox");
    }
    Path target = parent.resolve(lexical.getFileName());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FetchException("'" + name + "' is a directory in the sandbox");
    }
    Files.deleteIfExists(target);
    return target;
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    try {
      return vertx.getOrCreateContext().executeBlocking(work, false);
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new FetchException("the agent is shutting down", e));
    }
  }
}
