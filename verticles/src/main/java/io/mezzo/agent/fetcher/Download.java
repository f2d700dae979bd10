package io.mezzo.agent.fetcher;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;

/**
 * One HTTP(S) download, streamed to a new file without blocking: redirects followed, 200
 * required (as Mesos's fetcher), at most {@code maxSize} bytes, no longer than
 * {@code timeout} in all nor {@code stallTimeout} without a byte, with the body written
 * as it arrives (the response pauses while the file catches up) and progress logged every
 * few seconds. On failure the caller deletes the partial file.
 */
final class Download {
  /** How often a running download logs how far it got. */
  static final long PROGRESS_MILLIS = 5_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final FetcherConfig config;

  Download(Vertx vertx, HttpClient client, FetcherConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
  }

  /** Downloads {@code url} into {@code file} (which must not exist); completes with the bytes written. */
  Future<Long> to(String url, Path file, FetchLog log) {
    Promise<Long> done = Promise.promise();
    Transfer transfer = new Transfer(url, file, log, done);
    long timeout = vertx.setTimer(config.timeout().toMillis(),
        id -> transfer.fail("timed out after " + config.timeout().toSeconds() + "s"));
    long progress = vertx.setPeriodic(PROGRESS_MILLIS, id -> transfer.progress());
    done.future().onComplete(result -> {
      vertx.cancelTimer(timeout);
      vertx.cancelTimer(progress);
    });
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(url)
        .setFollowRedirects(true)
        .setConnectTimeout(config.stallTimeout().toMillis())
        .setIdleTimeout(config.stallTimeout().toMillis());
    client.request(options)
        .compose(request -> {
          transfer.request = request;
          return request.send();
        })
        .onSuccess(transfer::receive)
        .onFailure(error -> transfer.fail(String.valueOf(error.getMessage())));
    return done.future();
  }

  /** The state of one download; touched on the caller's context only. */
  private final class Transfer {
    final String url;
    final Path file;
    final FetchLog log;
    final Promise<Long> done;
    HttpClientRequest request;
    AsyncFile out;
    long bytes;
    long expected = -1;

    Transfer(String url, Path file, FetchLog log, Promise<Long> done) {
      this.url = url;
      this.file = file;
      this.log = log;
      this.done = done;
    }

    void receive(HttpClientResponse response) {
      if (response.statusCode() != 200) {
        fail("received HTTP return code " + response.statusCode());
        return;
      }
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null && length.matches("[0-9]{1,18}")) {
        expected = Long.parseLong(length);
        if (expected > config.maxSize()) {
          fail("it is " + expected + " bytes, more than fetcher_max_size (" + config.maxSize() + ")");
          return;
        }
      }
      response.pause();
      vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
          .onFailure(error -> fail("cannot write " + file + ": " + error.getMessage()))
          .onSuccess(opened -> {
            out = opened;
            if (done.future().isComplete()) {
              out.close();
              return;
            }
            response.exceptionHandler(error -> fail(String.valueOf(error.getMessage())));
            response.handler(buffer -> {
              bytes += buffer.length();
              if (bytes > config.maxSize()) {
                fail("it is more than fetcher_max_size (" + config.maxSize() + " bytes)");
                return;
              }
              out.write(buffer);
              if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
              }
            });
            response.endHandler(v -> out.close()
                .onSuccess(closed -> done.tryComplete(bytes))
                .onFailure(error -> fail("cannot write " + file + ": " + error.getMessage())));
            response.resume();
          });
    }

    void progress() {
      if (!done.future().isComplete()) {
        log.line("Downloading '" + url + "': " + FetchLog.bytes(bytes)
            + (expected >= 0 ? " of " + FetchLog.bytes(expected) : ""));
      }
    }

    void fail(String why) {
      if (done.tryFail(new FetchException(why))) {
        if (request != null) {
          request.reset();
        }
        if (out != null) {
          out.close();
        }
      }
    }
  }
}
