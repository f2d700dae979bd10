package io.mezzo.cli.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's HTTP client of the master's API. Requests follow redirects to the leader (a
 * standby answers 307), and every failure becomes a {@link CliException} whose message a
 * person can act on. Blocking methods are for the CLI's main thread only.
 */
public final class MasterClient implements AutoCloseable {
  /** Redirects followed before giving up (a loop between confused masters). */
  static final int MAX_REDIRECTS = 5;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final HttpClient http;
  private MasterAddress master;

  public MasterClient(Vertx vertx, MasterAddress master) {
    this.vertx = vertx;
    this.master = master;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(0));
  }

  /** The master answering now: the leader, once a redirect pointed there. */
  public MasterAddress master() {
    return master;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HttpClient http() {
    return http;
  }

  /** GETs {@code pathAndQuery} and parses the JSON object it returns. */
  public JsonObject getJson(String pathAndQuery) {
    Buffer body = await(request(HttpMethod.GET, pathAndQuery, null, null), DEFAULT_TIMEOUT);
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new CliException("the master at " + master + " sent invalid JSON for " + pathAndQuery);
    }
  }

  /** GETs {@code pathAndQuery} and returns its body. */
  public Buffer get(String pathAndQuery) {
    return await(request(HttpMethod.GET, pathAndQuery, null, null), DEFAULT_TIMEOUT);
  }

  /** POSTs a JSON body and returns the response body (empty for 202 Accepted). */
  public Buffer postJson(String path, JsonObject body) {
    return await(request(HttpMethod.POST, path, "application/json", body.toBuffer()), DEFAULT_TIMEOUT);
  }

  /**
   * Sends a request, following redirects, and completes with the body of a 2xx response.
   * Any other outcome fails with a {@link CliException}.
   */
  public Future<Buffer> request(HttpMethod method, String pathAndQuery, String contentType, Buffer body) {
    return send(method, pathAndQuery, contentType, body, null, 0).compose(response -> response.body());
  }

  /**
   * Sends a request, following redirects, and completes with a 2xx response whose body is
   * not read yet (for streams). {@code headers} may be null.
   */
  public Future<HttpClientResponse> send(
      HttpMethod method, String pathAndQuery, String contentType, Buffer body, MultiMap headers, int redirects) {
    return exchange(method, pathAndQuery, contentType, body, headers, redirects)
        .compose(
            response -> {
              int status = response.statusCode();
              if (status >= 200 && status < 300) {
                return Future.succeededFuture(response);
              }
              return response.body().transform(read -> Future.failedFuture(refused(status, read.succeeded() ? read.result() : null)));
            });
  }

  /**
   * Sends a request, following redirects, and completes with the final response whatever its
   * status, body not read yet: for commands that act on an error answer themselves. Only a
   * master that cannot be reached, or keeps redirecting, fails it.
   */
  public Future<HttpClientResponse> exchange(
      HttpMethod method, String pathAndQuery, String contentType, Buffer body, MultiMap headers, int redirects) {
    RequestOptions options =
        new RequestOptions().setMethod(method).setHost(master.host()).setPort(master.port()).setURI(pathAndQuery);
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    options.putHeader("Accept", "application/json");
    if (headers != null) {
      options.setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(options.getHeaders()).addAll(headers));
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .recover(error -> Future.failedFuture(unreachable(error)))
        .compose(
            response -> {
              int status = response.statusCode();
              if (status == 307 || status == 302 || status == 303 || status == 301 || status == 308) {
                String location = response.getHeader("Location");
                if (location == null || redirects >= MAX_REDIRECTS) {
                  return Future.failedFuture(new CliException("the master at " + master + " keeps redirecting; no leader?"));
                }
                master = follow(location);
                return response.body().compose(ignored -> exchange(method, pathAndQuery, contentType, body, headers, redirects + 1));
              }
              return Future.succeededFuture(response);
            });
  }

  /** The message of an error answer (the JSON {@code error}, else the body, else the status). */
  public static String errorMessage(int status, Buffer body) {
    String message = null;
    if (body != null && body.length() > 0) {
      try {
        message = new JsonObject(body).getString("error");
      } catch (DecodeException | ClassCastException e) {
        message = body.toString().strip();
      }
    }
    return message == null || message.isEmpty() ? "HTTP " + status : message;
  }

  private MasterAddress follow(String location) {
    URI uri = URI.create(location.startsWith("//") ? "http:" + location : location);
    if (uri.getHost() == null) {
      return master;
    }
    return new MasterAddress(uri.getHost(), uri.getPort() < 0 ? 5050 : uri.getPort());
  }

  private CliException unreachable(Throwable error) {
    if (error instanceof CliException cli) {
      return cli;
    }
    String why = error instanceof ConnectException || error.getMessage() == null ? "connection refused" : error.getMessage();
    return new CliException("cannot reach the master at " + master + " (" + why
        + "); is it running? Point to it with --master HOST:PORT or MEZZO_MASTER");
  }

  private CliException refused(int status, Buffer body) {
    String message = errorMessage(status, body);
    return new CliException(status == 503 ? "the master is not ready: " + message : message);
  }

  /** Waits on the CLI's main thread; a failure comes back as a {@link CliException}. */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CliException cli) {
        throw cli;
      }
      throw new CliException(e.getCause().getMessage() == null ? e.getCause().toString() : e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new CliException("no answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
