package io.mezzo.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * An operator of the Mesos v1 operator API ({@code POST /api/v1}) on Mesos's own classes:
 * calls answered by a strictly parsed {@code Response}, and SUBSCRIBE's RecordIO stream of
 * strictly parsed {@code Event}s.
 */
final class MesosOperator implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String PATH = "/api/v1";

  private final Encoding encoding;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event.Type> seen = new ArrayList<>();
  private volatile Throwable streamFailure;
  private volatile InputStream stream;

  MesosOperator(URI master, Encoding encoding) {
    this.endpoint = master.resolve(PATH);
    this.encoding = encoding;
  }

  /** An HTTP answer: its status and body. */
  record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code call}; gives the answer as it came. */
  Answer post(Call call) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(WAIT)
        .header("Content-Type", encoding.mime).header("Accept", encoding.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(call))).build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.body());
  }

  /** Sends a call of {@code type} and parses the 200 answer strictly. */
  Response call(Call.Type type) throws IOException, InterruptedException {
    return call(Call.newBuilder().setType(type).build());
  }

  /** Sends {@code call} and parses the 200 answer strictly. */
  Response call(Call call) throws IOException, InterruptedException {
    Answer answer = post(call);
    if (answer.status() != 200) {
      throw new AssertionError(call.getType() + " answered " + answer.status() + ": " + answer.text());
    }
    return encoding.decode(answer.body(), Response.newBuilder());
  }

  /** Opens the event stream and waits for SUBSCRIBED; gives it. */
  Event subscribe() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", encoding.mime).header("Accept", encoding.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(
            Call.newBuilder().setType(Call.Type.SUBSCRIBE).build()))).build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new AssertionError("SUBSCRIBE answered " + response.statusCode() + ": "
          + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    stream = response.body();
    Thread reader = new Thread(this::read, "mesos-operator-events-" + encoding);
    reader.setDaemon(true);
    reader.start();
    return await(event -> event.getType() == Event.Type.SUBSCRIBED, "SUBSCRIBED");
  }

  private void read() {
    try (DataInputStream in = new DataInputStream(stream)) {
      while (true) {
        byte[] record = RecordIo.next(in);
        if (record == null) {
          return;
        }
        events.add(encoding.decode(record, Event.newBuilder()));
      }
    } catch (InvalidProtocolBufferException e) {
      streamFailure = e;
    } catch (IOException e) {
      // The stream closed (close()).
    }
  }

  /** Waits for the next event matching {@code wanted}, skipping others. */
  Event await(Predicate<Event> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (streamFailure != null) {
        throw new AssertionError("an event Mesos's classes cannot parse", streamFailure);
      }
      if (event == null) {
        throw new AssertionError("no " + what + " within " + WAIT + "; events so far: " + seen);
      }
      seen.add(event.getType());
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  @Override
  public void close() {
    InputStream in = stream;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // Closing is all we wanted.
      }
    }
  }
}
