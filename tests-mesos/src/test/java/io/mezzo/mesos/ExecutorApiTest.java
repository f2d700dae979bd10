package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.apache.mesos.v1.scheduler.Protos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent's executor API spoken with Mesos's own executor classes: a scheduler launches a
 * task on a custom executor, and the test, as that executor, subscribes to the agent and
 * parses every event strictly (SUBSCRIBED with complete ExecutorInfo, FrameworkInfo and
 * AgentInfo; LAUNCH; ACKNOWLEDGED; MESSAGE), in protobuf and JSON.
 */
class ExecutorApiTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static MesosLocal local;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    local = new MesosLocal("executor-api");
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void mesosExecutorClassesSubscribeRunATaskAndTalkToTheScheduler(Encoding encoding) throws Exception {
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), encoding)) {
      scheduler.subscribe(Frameworks.info("executor-api-" + encoding));
      Offer offer = scheduler.await(Protos.Event.Type.OFFERS).getOffers().getOffers(0);
      ExecutorID executorId = ExecutorID.newBuilder().setValue("mesos-classes-" + encoding).build();
      // The executor's own process does nothing; this test speaks for it.
      ExecutorInfo executor = ExecutorInfo.newBuilder()
          .setType(ExecutorInfo.Type.CUSTOM)
          .setExecutorId(executorId)
          .setCommand(CommandInfo.newBuilder().setValue("exec sleep 600"))
          .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
          .build();
      TaskInfo task = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t-" + encoding))
          .setAgentId(offer.getAgentId()).setExecutor(executor)
          .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
          .build();
      scheduler.call(scheduler.callOf(Protos.Call.Type.ACCEPT).setAccept(Protos.Call.Accept.newBuilder()
          .addOfferIds(offer.getId())
          .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
              .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))).build()).expect(202);

      Call.Builder call = Call.newBuilder().setFrameworkId(scheduler.frameworkId()).setExecutorId(executorId);
      InputStream stream = subscribe(encoding, call.clone().setType(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.getDefaultInstance()).build());
      try (Events in = new Events(stream, encoding)) {
        Event subscribed = in.next();
        assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
        assertEquals(executorId, subscribed.getSubscribed().getExecutorInfo().getExecutorId());
        assertEquals(offer.getAgentId(), subscribed.getSubscribed().getAgentInfo().getId());
        assertEquals(scheduler.frameworkId(), subscribed.getSubscribed().getFrameworkInfo().getId());
        Event launch = in.next();
        assertEquals(Event.Type.LAUNCH, launch.getType());
        assertEquals(task.getTaskId(), launch.getLaunch().getTask().getTaskId());

        ByteString uuid = uuid();
        post(encoding, call.clone().setType(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder()
            .setStatus(TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_RUNNING)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(uuid))).build(), 202);
        Event acknowledged = in.nextOf(Event.Type.ACKNOWLEDGED);
        assertEquals(uuid, acknowledged.getAcknowledged().getUuid());
        Protos.Event update = scheduler.await(Protos.Event.Type.UPDATE);
        assertEquals(TaskState.TASK_RUNNING, update.getUpdate().getStatus().getState());
        assertEquals(uuid, update.getUpdate().getStatus().getUuid(), "the executor's uuid reaches the scheduler");

        scheduler.call(scheduler.callOf(Protos.Call.Type.MESSAGE).setMessage(Protos.Call.Message.newBuilder()
            .setAgentId(offer.getAgentId()).setExecutorId(executorId).setData(ByteString.copyFromUtf8("down"))).build())
            .expect(202);
        assertEquals("down", in.nextOf(Event.Type.MESSAGE).getMessage().getData().toStringUtf8());
        post(encoding, call.clone().setType(Call.Type.MESSAGE)
            .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("up"))).build(), 202);
        Protos.Event message = scheduler.await(Protos.Event.Type.MESSAGE);
        assertEquals("up", message.getMessage().getData().toStringUtf8());
        assertEquals(executorId, message.getMessage().getExecutorId());

        scheduler.call(scheduler.callOf(Protos.Call.Type.TEARDOWN).build()).expect(202);
        assertEquals(Event.Type.SHUTDOWN, in.nextOf(Event.Type.SHUTDOWN).getType());
      }
    }
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  private static ByteString uuid() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array());
  }

  private URI endpoint() {
    return local.agent().resolve("/api/v1/executor");
  }

  /** Subscribes, retrying while the agent does not run the executor yet (400). */
  private InputStream subscribe(Encoding encoding, Call subscribe) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpRequest request = HttpRequest.newBuilder(endpoint())
          .header("Content-Type", encoding.mime).header("Accept", encoding.mime)
          .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(subscribe))).build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() == 200) {
        assertEquals(encoding.mime, response.headers().firstValue("Content-Type").orElse(null));
        return response.body();
      }
      String text = new String(response.body().readAllBytes());
      assertTrue(System.nanoTime() < deadline, "SUBSCRIBE answered " + response.statusCode() + ": " + text);
      Thread.sleep(200);
    }
  }

  private void post(Encoding encoding, Call call, int expected) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(endpoint()).timeout(WAIT)
        .header("Content-Type", encoding.mime)
        .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(call))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), response.body());
  }

  /** The executor's event stream, read on a thread of its own so that every wait is bounded. */
  private static final class Events implements AutoCloseable {
    private final InputStream stream;
    private final BlockingQueue<Object> records = new LinkedBlockingQueue<>();

    Events(InputStream stream, Encoding encoding) {
      this.stream = stream;
      Thread reader = new Thread(() -> {
        try (DataInputStream in = new DataInputStream(stream)) {
          for (byte[] record = RecordIo.next(in); record != null; record = RecordIo.next(in)) {
            records.add(encoding.decode(record, Event.newBuilder()));
          }
          records.add(new AssertionError("the executor's event stream ended"));
        } catch (Exception e) {
          records.add(e);
        }
      }, "executor-events-" + encoding);
      reader.setDaemon(true);
      reader.start();
    }

    Event next() throws Exception {
      Object next = records.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        throw new AssertionError("no executor event within " + WAIT);
      }
      if (next instanceof Event event) {
        return event;
      }
      throw new AssertionError("the executor's event stream failed", (Throwable) next);
    }

    Event nextOf(Event.Type type) throws Exception {
      while (true) {
        Event event = next();
        if (event.getType() == type) {
          return event;
        }
      }
    }

    @Override
    public void close() throws Exception {
      stream.close();
    }
  }
}
