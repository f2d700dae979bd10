package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos v1 HTTP scheduler written the way the Mesos documentation describes one, on
 * Mesos's own classes: SUBSCRIBE opens a RecordIO stream of events, every event is parsed
 * strictly (a missing required field or an unknown JSON field fails the test), and calls go
 * out with the {@code Mesos-Stream-Id} the stream was given.
 */
final class MesosScheduler implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String PATH = "/api/v1/scheduler";

  final Encoding encoding;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> seen = new ArrayList<>();
  private volatile Throwable streamFailure;
  private volatile InputStream stream;
  private String streamId;
  private FrameworkID frameworkId;

  MesosScheduler(URI master, Encoding encoding) {
    this.endpoint = master.resolve(PATH);
    this.encoding = encoding;
  }

  /** Subscribes and waits for SUBSCRIBED; gives it. */
  Event subscribe(FrameworkInfo framework) throws IOException, InterruptedException {
    return subscribe(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework)).build());
  }

  /** Sends {@code subscribe} (a SUBSCRIBE call) and waits for SUBSCRIBED. */
  Event subscribe(Call subscribe) throws IOException, InterruptedException {
    return subscribeRaw(encoding.encode(subscribe));
  }

  /** Sends a SUBSCRIBE body as it is (a documentation example, say) and waits for SUBSCRIBED. */
  Event subscribeRaw(byte[] body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", encoding.mime).header("Accept", encoding.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new AssertionError("SUBSCRIBE answered " + response.statusCode() + ": " + text);
    }
    assertEquals(encoding.mime, response.headers().firstValue("Content-Type").orElse(null));
    streamId = response.headers().firstValue("Mesos-Stream-Id")
        .orElseThrow(() -> new AssertionError("SUBSCRIBE answered without a Mesos-Stream-Id"));
    stream = response.body();
    Thread reader = new Thread(this::read, "mesos-events-" + encoding);
    reader.setDaemon(true);
    reader.start();
    Event subscribed = await(Event.Type.SUBSCRIBED);
    frameworkId = subscribed.getSubscribed().getFrameworkId();
    return subscribed;
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
      // The stream closed (teardown, or close()).
    }
  }

  FrameworkID frameworkId() {
    return frameworkId;
  }

  String streamId() {
    return streamId;
  }

  /** Waits for the next event of {@code type}, skipping others (heartbeats, offers...). */
  Event await(Event.Type type) throws InterruptedException {
    return await(e -> e.getType() == type, type.toString());
  }

  /** Waits for the next event matching {@code wanted}. */
  Event await(Predicate<Event> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (streamFailure != null) {
        throw new AssertionError("an event Mesos's classes cannot parse", streamFailure);
      }
      if (event == null) {
        throw new AssertionError("no " + what + " within " + WAIT + "; events so far: " + types());
      }
      synchronized (seen) {
        seen.add(event);
      }
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  /** The types of the events taken so far. */
  List<Event.Type> types() {
    synchronized (seen) {
      return seen.stream().map(Event::getType).toList();
    }
  }

  /** Every event taken so far. */
  List<Event> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Sends {@code call} with this subscription's stream ID; gives the answer. */
  Answer call(Call call) throws IOException, InterruptedException {
    return post(encoding.encode(call), streamId);
  }

  /** Sends a call body as it is, with this subscription's stream ID. */
  Answer post(byte[] body, String streamIdHeader) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(WAIT)
        .header("Content-Type", encoding.mime).header("Accept", encoding.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (streamIdHeader != null) {
      request.header("Mesos-Stream-Id", streamIdHeader);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** A call builder of {@code type} for this framework. */
  Call.Builder callOf(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(frameworkId);
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

  /** An HTTP answer to a call. */
  record Answer(int status, String body) {
    Answer expect(int wanted) {
      if (status != wanted) {
        throw new AssertionError("expected " + wanted + ", got " + status + ": " + body);
      }
      return this;
    }
  }
}
