package io.mezzo.grpctest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.mezzo.tests.Loopback;
import io.mezzo.tests.MezzoProcess;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.Value;
import io.mezzo.v1.master.OperatorGrpc;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.v1.scheduler.SchedulerGrpc;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mezzo local process driven over gRPC by grpc-java: a scheduler runs and kills tasks, the
 * operator service answers, and bad input gets its status and changes nothing.
 */
class GrpcJavaClientTest {
  static MezzoProcess mezzo;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("mezzo-grpc");
    int grpcPort = Loopback.freePort();
    mezzo = MezzoProcess.start("grpc-local", Pattern.compile("mezzo local ready"), List.of(
        "local", "--work-dir", work.toString(), "--resources", "cpus:2;mem:1024;disk:1024",
        "--port", Integer.toString(Loopback.freePort()), "--agent-port", Integer.toString(Loopback.freePort()),
        "--grpc-port", Integer.toString(grpcPort),
        "--cluster-name", "grpc-" + UUID.randomUUID(), "--cluster-host", Loopback.HOST,
        "--cluster-port", Integer.toString(Loopback.freePort())));
    channel = NettyChannelBuilder.forAddress(Loopback.HOST, grpcPort).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (mezzo != null) {
      mezzo.close();
    }
  }

  static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  static TaskInfo task(String id, AgentID agent, String command) {
    return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(agent)
        .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(command)).build();
  }

  static Event next(Iterator<Event> events, Event.Type type) {
    for (int i = 0; i < 10_000; i++) {
      Event event = events.next();
      if (event.getType() == type) {
        return event;
      }
    }
    throw new AssertionError("no " + type);
  }

  @Test
  void aGrpcJavaSchedulerRunsAndKillsTasks() {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    var subscriber = SchedulerGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
    Iterator<Event> events = subscriber.subscribe(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder()
            .setUser("tester").setName("grpc-java"))).build());
    Event subscribed = events.next();
    assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
    String streamId = headers.get().get(Metadata.Key.of("mesos-stream-id", Metadata.ASCII_STRING_MARSHALLER));
    assertNotNull(streamId);
    var framework = subscribed.getSubscribed().getFrameworkId();
    Metadata stream = new Metadata();
    stream.put(Metadata.Key.of("mesos-stream-id", Metadata.ASCII_STRING_MARSHALLER), streamId);
    var calls = SchedulerGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(stream))
        .withDeadlineAfter(60, TimeUnit.SECONDS);

    // An operator watching the cluster over gRPC sees the tasks come and change.
    Iterator<io.mezzo.v1.master.Event> operatorEvents = OperatorGrpc.newBlockingStub(channel)
        .withDeadlineAfter(120, TimeUnit.SECONDS)
        .subscribe(io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.SUBSCRIBE).build());
    assertEquals(io.mezzo.v1.master.Event.Type.SUBSCRIBED, operatorEvents.next().getType());

    Offer offer = next(events, Event.Type.OFFERS).getOffers().getOffers(0);
    calls.call(Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(framework)
        .setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
            .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder()
                    .addTaskInfos(task("echo-1", offer.getAgentId(), "echo hi"))
                    .addTaskInfos(task("sleep-1", offer.getAgentId(), "sleep 600"))))).build());
    boolean finished = false;
    boolean killed = false;
    boolean killSent = false;
    while (!finished || !killed) {
      TaskStatus status = next(events, Event.Type.UPDATE).getUpdate().getStatus();
      if (status.hasUuid()) {
        calls.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(framework)
            .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
      }
      String id = status.getTaskId().getValue();
      finished |= id.equals("echo-1") && status.getState() == TaskState.TASK_FINISHED;
      killed |= id.equals("sleep-1") && status.getState() == TaskState.TASK_KILLED;
      if (id.equals("sleep-1") && status.getState() == TaskState.TASK_RUNNING && !killSent) {
        killSent = true;
        calls.call(Call.newBuilder().setType(Call.Type.KILL).setFrameworkId(framework)
            .setKill(Call.Kill.newBuilder().setTaskId(status.getTaskId()).setAgentId(status.getAgentId())).build());
      }
    }
    boolean added = false;
    boolean updated = false;
    for (int i = 0; i < 1000 && !(added && updated); i++) {
      io.mezzo.v1.master.Event event = operatorEvents.next();
      added |= event.getType() == io.mezzo.v1.master.Event.Type.TASK_ADDED;
      updated |= event.getType() == io.mezzo.v1.master.Event.Type.TASK_UPDATED;
    }
    assertTrue(added && updated, "the operator stream carried TASK_ADDED and TASK_UPDATED");

    calls.call(Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(framework)
        .setReconcile(Call.Reconcile.getDefaultInstance()).build());

    var operator = OperatorGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    Response state = operator.call(io.mezzo.v1.master.Call.newBuilder()
        .setType(io.mezzo.v1.master.Call.Type.GET_STATE).build());
    assertEquals(1, state.getGetState().getGetFrameworks().getFrameworksCount());
    assertEquals(1, state.getGetState().getGetAgents().getAgentsCount());

    calls.call(Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(framework).build());
    Response after = OperatorGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .call(io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.GET_FRAMEWORKS).build());
    assertEquals(0, after.getGetFrameworks().getFrameworksCount());
  }

  @Test
  void badInputGetsItsStatusAndChangesNothing() {
    var calls = SchedulerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    Call revive = Call.newBuilder().setType(Call.Type.REVIVE).build();
    assertEquals(Status.Code.INVALID_ARGUMENT,
        assertThrows(StatusRuntimeException.class, () -> calls.call(revive)).getStatus().getCode(),
        "a call before SUBSCRIBE (no stream)");

    MethodDescriptor<byte[], byte[]> garbage = raw("mezzo.v1.master.Operator/Call");
    StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        channel, garbage, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
    assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode(), malformed.toString());

    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        channel, raw("mezzo.v1.master.Operator/NoSuchMethod"), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        new byte[0]));
    assertEquals(Status.Code.UNIMPLEMENTED, unknown.getStatus().getCode(), unknown.toString());

    Call huge = Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
        .setData(ByteString.copyFrom(new byte[5 * 1024 * 1024]))).build();
    StatusRuntimeException oversized = assertThrows(StatusRuntimeException.class, () -> calls.call(huge));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, oversized.getStatus().getCode(), oversized.toString());

    var health = io.mezzo.v1.master.OperatorGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .call(io.mezzo.v1.master.Call.newBuilder().setType(io.mezzo.v1.master.Call.Type.GET_HEALTH).build());
    assertTrue(health.getGetHealth().getHealthy(), "the master still serves");
  }

  private static MethodDescriptor<byte[], byte[]> raw(String fullName) {
    MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName).setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
  }
}
