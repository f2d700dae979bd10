package io.mezzo.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A blocking HTTP client for the test thread; every request is bounded. It is the JDK's, not
 * Vert.x's: Vert.x 5.0.7's client can lose a response that has fully arrived (the body future of
 * a response that ended before {@code body()} was called never completes; eclipse-vertx/vert.x
 * #6038, fixed after 5.0.10), which made rare requests of the suite hang for their whole wait.
 */
public final class Http {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A response: its status, its content type and its body. */
  public record Reply(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + text();
    }
  }

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
  }

  /** POSTs {@code body} with {@code contentType} (null for none) and {@code accept} (null for none). */
  public Reply post(String path, String contentType, byte[] body, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request);
  }

  public Reply postJson(String path, JsonObject body) {
    return post(path, "application/json", body.toBuffer().getBytes(), null);
  }

  /**
   * POSTs {@code body} to {@code path} with {@code headers}; the answer with every header, in
   * the shape the Vert.x-based helpers return.
   */
  public HttpScheduler.Response exchange(String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<byte[]> response = call(request);
    MultiMap answerHeaders = MultiMap.caseInsensitiveMultiMap();
    response.headers().map().forEach(answerHeaders::add);
    return new HttpScheduler.Response(response.statusCode(), answerHeaders, Buffer.buffer(response.body()));
  }

  private Reply send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response = call(request);
    return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
  }

  private HttpResponse<byte[]> call(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
