package io.mezzo.master.http.dashboard;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test's reader of a server-sent event stream: events come in a queue, read on a thread of their own. */
final class SseReader implements AutoCloseable {
  /** One event: its name and its data as JSON; {@link #END} once the stream ended. */
  record Event(String name, JsonObject data) {}

  static final Event END = new Event("end", null);

  final int status;
  private final InputStream body;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  private SseReader(int status, InputStream body) {
    this.status = status;
    this.body = body;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static SseReader open(String url) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    return new SseReader(response.statusCode(), response.body());
  }

  private void read() {
    String name = "message";
    StringBuilder data = new StringBuilder();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name, new JsonObject(data.toString())));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // Closed by the test, or broken: the end either way.
    }
    events.add(END);
  }

  /** The next event that matches, waiting up to {@code timeout}; fails when none comes. */
  Event next(Predicate<Event> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no matching event within " + timeout);
      }
      if (match.test(event)) {
        return event;
      }
      if (event == END) {
        throw new AssertionError("the stream ended before a matching event");
      }
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
