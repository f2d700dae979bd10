package io.mezzo.agent.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.agent.http.AgentView;
import io.mezzo.agent.http.ExecutorEndpoints;
import io.mezzo.bus.Addresses;
import io.mezzo.client.ExecutorClient;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.http.HttpServers;
import io.mezzo.http.ProtoMediaType;
import io.mezzo.metrics.AgentMetrics;
import io.mezzo.testing.Await;
import io.mezzo.testing.HttpExecutor;
import io.mezzo.testing.HttpScheduler;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.mezzo.v1.internal.ExecutorTermination;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom-executor supervisor deployed on its own by the agent's {@link ExecutorRuns}, with
 * only the executor API in front of it: an executor program's process started with Mesos's
 * environment, its calls over {@code POST /api/v1/executor} (the test plays the program) or
 * the event-bus {@link ExecutorClient}, and the run's lifecycle (registration timeout,
 * shutdown grace period, exit).
 */
class CustomExecutorTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String AGENT = "a1-S0";
  static final String FRAMEWORK = "fw-1";

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private FakeAgent agent;

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** An agent with only its executor runs and its executor API. */
  final class FakeAgent extends VerticleBase implements AgentView {
    final Duration registrationTimeout;
    final BlockingQueue<TaskStatus> updates = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteString> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ExecutorTermination> terminations = new LinkedBlockingQueue<>();
    ExecutorRuns runs;
    HttpServer http;

    FakeAgent(Duration registrationTimeout) {
      this.registrationTimeout = registrationTimeout;
    }

    @Override
    public Future<?> start() {
      AgentInfo info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(AGENT)).setHostname("127.0.0.1").build();
      Supplier<ExecutorEnvironment.Settings> settings = () -> new ExecutorEnvironment.Settings(
          "127.0.0.1:" + http.actualPort(), Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofSeconds(2));
      CustomExecutorVerticle.Tools tools = new CustomExecutorVerticle.Tools(new CommandExecutor(vertx),
          new Fetcher(vertx, new FetcherConfig(dir.resolve("cache"), FetcherConfig.DEFAULT_CACHE_SIZE,
              FetcherConfig.DEFAULT_MAX_SIZE, FetcherConfig.DEFAULT_TIMEOUT, FetcherConfig.DEFAULT_STALL_TIMEOUT)), () -> info, settings, registrationTimeout);
      runs = new ExecutorRuns(vertx, AGENT, dir, Map.of(ExecutorKind.CUSTOM, spec -> new CustomExecutorVerticle(spec, tools)),
          registrationTimeout, Duration.ofSeconds(5), new ExecutorRuns.Listener() {
            @Override
            public Future<Void> update(ExecutorRuns.Run run, TaskStatus status) {
              updates.add(status);
              return Future.succeededFuture();
            }

            @Override
            public void message(ExecutorRuns.Run run, ByteString data) {
              messages.add(data);
            }

            @Override
            public void terminated(ExecutorRuns.Run run, ExecutorTermination termination) {
              terminations.add(termination);
            }
          });
      return HttpServers.listen(vertx, "127.0.0.1", 0, List.of(new ExecutorEndpoints(vertx, this))).onSuccess(s -> http = s);
    }

    /** Runs {@code work} on the agent's event loop. */
    <T> T onLoop(Supplier<T> work) {
      Promise<T> done = Promise.promise();
      context.runOnContext(v -> done.complete(work.get()));
      return Await.result(done.future());
    }

    @Override
    public String agentId() {
      return AGENT;
    }

    @Override
    public boolean registered() {
      return true;
    }

    @Override
    public JsonObject state() {
      return new JsonObject();
    }

    @Override
    public Path sandboxesRoot() {
      return dir.resolve("agents");
    }

    @Override
    public Map<String, Path> knownSandboxes(String taskId) {
      return Map.of();
    }

    @Override
    public AgentMetrics metrics() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String customExecutorRun(String frameworkId, String executorId) {
      ExecutorRuns.Run run = runs.find(frameworkId, executorId);
      return run == null ? null : run.spec().runId();
    }
  }

  private FakeAgent startAgent(Duration registrationTimeout) {
    agent = new FakeAgent(registrationTimeout);
    Await.result(vertx.deployVerticle(agent));
    return agent;
  }

  private static FrameworkInfo framework() {
    return FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(FRAMEWORK)).setUser("tester")
        .setName("f").setCheckpoint(true).build();
  }

  private static ExecutorInfo executor(String id, String command, Duration grace) {
    return ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(id))
        .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK))
        .setCommand(CommandInfo.newBuilder().setValue(command))
        .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(grace.toNanos()))
        .build();
  }

  private ExecutorRuns.Run startRun(ExecutorInfo executor) {
    return agent.onLoop(() -> agent.runs.start(ExecutorKind.CUSTOM, framework(), executor, null, List.of()));
  }

  /**
   * Starts a run and waits until its program runs (its processes are checkpointed), as a real
   * program can only call its supervisor once the supervisor has started it.
   */
  private ExecutorRuns.Run startRunning(ExecutorInfo executor) {
    ExecutorRuns.Run run = startRun(executor);
    Path pids = run.spec().metaDir().resolve(CustomExecutorVerticle.PIDS_FILE);
    Await.until("the program runs", WAIT, () -> Files.exists(pids));
    return run;
  }

  private static TaskInfo task(String id) {
    return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setCommand(CommandInfo.newBuilder().setValue("true")).build();
  }

  private static TaskStatus status(String taskId, TaskState state, ByteString uuid) {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(uuid).build();
  }

  private static ByteString uuid() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array());
  }

  private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
    T item = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("nothing arrived within " + WAIT);
    }
    return item;
  }

  @Test
  void programGetsMesosEnvironmentSubscribesOverHttpAndIsShutDown() throws Exception {
    startAgent(WAIT);
    ExecutorRuns.Run run = startRun(executor("e1", "env > env.txt; exec sleep 600", Duration.ofMillis(1500)));
    agent.onLoop(() -> {
      agent.runs.launch(run, task("t1"));
      return null;
    });
    Path env = run.spec().sandbox().resolve("env.txt");
    Await.until("the program started", WAIT, () -> Files.exists(env) && size(env) > 0);
    String variables = Files.readString(env);
    for (String expected : List.of("MESOS_FRAMEWORK_ID=" + FRAMEWORK, "MESOS_EXECUTOR_ID=e1",
        "MESOS_AGENT_ENDPOINT=127.0.0.1:" + agent.http.actualPort(), "MESOS_SLAVE_ID=" + AGENT, "MESOS_CHECKPOINT=1",
        "MESOS_DIRECTORY=" + run.spec().sandbox(), "MESOS_SANDBOX=" + run.spec().sandbox(),
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=1.5secs", "MESOS_RECOVERY_TIMEOUT=15mins",
        "MESOS_SUBSCRIPTION_BACKOFF_MAX=2secs", "MESOS_HTTP_COMMAND_EXECUTOR=0")) {
      assertTrue(variables.contains(expected + "\n"), expected + " in\n" + variables);
    }

    try (HttpExecutor program = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.JSON, FRAMEWORK, "e1")) {
      assertEquals(200, program.subscribe(Call.Subscribe.getDefaultInstance()));
      Event subscribed = program.next(Event.Type.SUBSCRIBED, WAIT);
      assertEquals(AGENT, subscribed.getSubscribed().getAgentInfo().getId().getValue());
      assertEquals("e1", subscribed.getSubscribed().getExecutorInfo().getExecutorId().getValue());
      assertEquals("t1", program.next(Event.Type.LAUNCH, WAIT).getLaunch().getTask().getTaskId().getValue());

      // An update keeps the program's uuid; the same update sent twice reaches the agent once.
      ByteString running = uuid();
      Call update = program.call(Call.Type.UPDATE)
          .setUpdate(Call.Update.newBuilder().setStatus(status("t1", TaskState.TASK_RUNNING, running))).build();
      assertEquals(202, program.send(update).status());
      TaskStatus taken = take(agent.updates);
      assertEquals(running, taken.getUuid());
      assertEquals("e1", taken.getExecutorId().getValue());
      assertEquals(running, program.next(Event.Type.ACKNOWLEDGED, WAIT).getAcknowledged().getUuid());
      assertEquals(202, program.send(update).status());
      assertEquals(running, program.next(Event.Type.ACKNOWLEDGED, WAIT).getAcknowledged().getUuid());
      ByteString finished = uuid();
      assertEquals(202, program.send(program.call(Call.Type.UPDATE)
          .setUpdate(Call.Update.newBuilder().setStatus(status("t1", TaskState.TASK_FINISHED, finished))).build()).status());
      assertEquals(finished, take(agent.updates).getUuid(), "the repeated update was not passed on again");

      // Framework messages, both ways.
      agent.onLoop(() -> {
        agent.runs.message(run, ByteString.copyFromUtf8("ping"));
        return null;
      });
      assertEquals("ping", program.next(Event.Type.MESSAGE, WAIT).getMessage().getData().toStringUtf8());
      assertEquals(202, program.send(program.call(Call.Type.MESSAGE)
          .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("pong"))).build()).status());
      assertEquals("pong", take(agent.messages).toStringUtf8());

      // SHUTDOWN; the program ignores it, so after its grace period its process group is killed.
      agent.onLoop(() -> {
        agent.runs.shutdown(run);
        return null;
      });
      program.next(Event.Type.SHUTDOWN, WAIT);
      ExecutorTermination end = take(agent.terminations);
      assertEquals(TaskState.TASK_KILLED, end.getState());
      assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, end.getReason());
      assertTrue(end.getMessage().contains("SIGTERM"), end.getMessage());
    }
  }

  @Test
  void badCallsAreRefusedAndChangeNothing() throws Exception {
    startAgent(WAIT);
    startRun(executor("e2", "exec sleep 600", Duration.ofSeconds(1)));
    try (HttpExecutor program = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.JSON, FRAMEWORK, "e2")) {
      Buffer json = ProtoMediaType.JSON.encode(program.call(Call.Type.MESSAGE)
          .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("x"))).build());
      assertEquals(400, program.post(null, json).status());
      assertEquals(415, program.post("text/plain", json).status());
      assertEquals(400, program.post("application/json", Buffer.buffer("{\"type\":")).status());
      // Not subscribed yet: Mesos answers 403.
      assertEquals(403, program.send(program.call(Call.Type.MESSAGE)
          .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("x"))).build()).status());
      HttpScheduler.Response noUuid = program.send(program.call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder()
          .setStatus(status("t", TaskState.TASK_RUNNING, uuid()).toBuilder().clearUuid())).build());
      assertEquals(400, noUuid.status());
      assertTrue(noUuid.text().contains("uuid"), noUuid.text());
      assertEquals(400, program.send(program.call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder()
          .setStatus(status("t", TaskState.TASK_STAGING, uuid()))).build()).status());
      assertEquals(400, program.send(program.call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder()
          .setStatus(status("t", TaskState.TASK_RUNNING, uuid()).toBuilder().setSource(TaskStatus.Source.SOURCE_MASTER)))
          .build()).status());
      assertEquals(202, program.send(program.call(Call.Type.HEARTBEAT).build()).status());
    }
    try (HttpExecutor stranger = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.PROTOBUF, FRAMEWORK, "nobody")) {
      HttpScheduler.Response unknown = stranger.send(stranger.call(Call.Type.SUBSCRIBE)
          .setSubscribe(Call.Subscribe.getDefaultInstance()).build());
      assertEquals(400, unknown.status());
      assertTrue(unknown.text().contains("Executor cannot be found"), unknown.text());
    }
    assertTrue(agent.updates.isEmpty() && agent.messages.isEmpty());
  }

  @Test
  void programThatNeverSubscribesIsKilledAtTheRegistrationTimeout() throws Exception {
    startAgent(Duration.ofSeconds(2));
    ExecutorRuns.Run run = startRun(executor("e3", "echo $$ > pid; exec sleep 600", Duration.ofSeconds(1)));
    Path pidFile = run.spec().sandbox().resolve("pid");
    Await.until("the program started", WAIT, () -> Files.exists(pidFile) && size(pidFile) > 0);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ExecutorTermination end = take(agent.terminations);
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT, end.getReason());
    Await.until("the program was killed", WAIT, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void programExitEndsTheRunWithItsStatus() throws Exception {
    startAgent(WAIT);
    startRun(executor("e4", "exit 3", Duration.ofSeconds(1)));
    ExecutorTermination end = take(agent.terminations);
    assertEquals(TaskState.TASK_FAILED, end.getState());
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, end.getReason());
    assertTrue(end.getMessage().contains("status 3"), end.getMessage());
  }

  @Test
  void jvmExecutorSpeaksThroughTheExecutorClient() throws Exception {
    startAgent(WAIT);
    ExecutorRuns.Run run = startRunning(executor("e5", "exec sleep 600", Duration.ofSeconds(1)));
    agent.onLoop(() -> {
      agent.runs.launch(run, task("t5"));
      return null;
    });
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    ExecutorClient client = ExecutorClient.fromEnvironment(vertx, Map.of(
        ExecutorClient.ADDRESS_VARIABLE, Addresses.executorApi(AGENT, run.spec().runId()),
        "MESOS_FRAMEWORK_ID", FRAMEWORK, "MESOS_EXECUTOR_ID", "e5"));
    Event.Subscribed subscribed = Await.result(client.subscribe(events::add));
    assertEquals(AGENT, subscribed.getAgentInfo().getId().getValue());
    assertEquals(Event.Type.SUBSCRIBED, take(events).getType());
    assertEquals("t5", take(events).getLaunch().getTask().getTaskId().getValue());

    TaskStatus sent = Await.result(client.update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t5"))
        .setState(TaskState.TASK_RUNNING).build()));
    assertEquals(sent.getUuid(), take(agent.updates).getUuid());
    Event acknowledged = take(events);
    assertEquals(Event.Type.ACKNOWLEDGED, acknowledged.getType());
    assertEquals(sent.getUuid(), acknowledged.getAcknowledged().getUuid());
    assertTrue(Await.result(client.unacknowledgedUpdates()).isEmpty());

    Await.result(client.message(ByteString.copyFromUtf8("from the jvm")));
    assertEquals("from the jvm", take(agent.messages).toStringUtf8());
    agent.onLoop(() -> {
      agent.runs.message(run, ByteString.copyFromUtf8("to the jvm"));
      return null;
    });
    assertEquals("to the jvm", take(events).getMessage().getData().toStringUtf8());
    Await.result(client.close());
    assertFalse(run.ended());
  }

  @Test
  void supervisorOfARestartedAgentTakesBackALiveProgramAndReportsADeadOne() throws Exception {
    startAgent(WAIT);
    ExecutorInfo executor = executor("e6", "echo $$ > pid; exec sleep 600", Duration.ofSeconds(1));
    ExecutorRuns.Run run = startRunning(executor);
    ByteString running = uuid();
    try (HttpExecutor program = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.JSON, FRAMEWORK, "e6")) {
      assertEquals(200, program.subscribe(Call.Subscribe.getDefaultInstance()));
      program.next(Event.Type.SUBSCRIBED, WAIT);
      assertEquals(202, program.send(program.call(Call.Type.UPDATE)
          .setUpdate(Call.Update.newBuilder().setStatus(status("t6", TaskState.TASK_RUNNING, running))).build()).status());
      assertEquals(running, take(agent.updates).getUuid());
    }
    long pid = Long.parseLong(Files.readString(run.spec().sandbox().resolve("pid")).trim());

    // The agent goes away (its verticles are undeployed, not told to destroy their runs).
    Await.result(vertx.undeploy(agent.deploymentID()));
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the program outlived its agent");

    // The restarted agent's supervisor finds the program and waits for it to come back.
    startAgent(WAIT);
    ExecutorRuns.Run again = agent.onLoop(() -> agent.runs.start(ExecutorKind.CUSTOM, framework(), executor,
        run.spec().runId(), List.of()));
    // Until the supervisor has found the program it cannot take calls (503, as a recovering
    // Mesos agent answers): a real program retries; this one calls once the run is back.
    Await.result(again.subscribed());
    try (HttpExecutor program = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.PROTOBUF, FRAMEWORK, "e6")) {
      assertEquals(200, program.subscribe(Call.Subscribe.newBuilder().addUnacknowledgedUpdates(
          Call.Update.newBuilder().setStatus(status("t6", TaskState.TASK_RUNNING, running))).build()));
      program.next(Event.Type.SUBSCRIBED, WAIT);
      // Passed on for the agent's status update manager, which knows it had it already.
      assertEquals(running, take(agent.updates).getUuid());
      assertEquals(running, program.next(Event.Type.ACKNOWLEDGED, WAIT).getAcknowledged().getUuid());
    }
    assertFalse(again.ended());
    assertEquals(pid, Long.parseLong(Files.readString(run.spec().sandbox().resolve("pid")).trim()));

    // It dies while no agent runs; the next agent reports it.
    Await.result(vertx.undeploy(agent.deploymentID()));
    new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
    Path exitStatus = run.spec().sandbox().resolve(".mezzo").resolve("exit_status");
    Await.until("the program died and its monitor recorded it", WAIT, () -> Files.exists(exitStatus));
    // The monitor writes the status, then exits: until it has, a new supervisor would find it
    // alive, re-attach, and see the program end only then (with another message).
    long monitor = ProcessCheckpoint.parseFrom(Files.readAllBytes(run.spec().metaDir()
        .resolve(CustomExecutorVerticle.PIDS_FILE))).getMonitorPid();
    Await.until("the program's monitor exited", WAIT, () -> ProcessHandle.of(monitor).map(p -> !p.isAlive()).orElse(true));
    startAgent(WAIT);
    agent.onLoop(() -> agent.runs.start(ExecutorKind.CUSTOM, framework(), executor, run.spec().runId(), List.of()));
    ExecutorTermination end = take(agent.terminations);
    assertEquals(TaskState.TASK_FAILED, end.getState());
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, end.getReason());
    assertTrue(end.getMessage().contains("while the agent was down"), end.getMessage());
  }

  @Test
  void programThatDoesNotSubscribeAgainAfterItsAgentRestartedIsKilled() throws Exception {
    startAgent(WAIT);
    ExecutorInfo executor = executor("e7", "echo $$ > pid; exec sleep 600", Duration.ofSeconds(1));
    ExecutorRuns.Run run = startRunning(executor);
    try (HttpExecutor program = new HttpExecutor(vertx, agent.http.actualPort(), ProtoMediaType.JSON, FRAMEWORK, "e7")) {
      assertEquals(200, program.subscribe(Call.Subscribe.getDefaultInstance()));
      program.next(Event.Type.SUBSCRIBED, WAIT);
    }
    long pid = Long.parseLong(Files.readString(run.spec().sandbox().resolve("pid")).trim());
    Await.result(vertx.undeploy(agent.deploymentID()));

    // The restarted agent gives the live program 2 s to come back; it never does.
    startAgent(Duration.ofSeconds(2));
    agent.onLoop(() -> agent.runs.start(ExecutorKind.CUSTOM, framework(), executor, run.spec().runId(), List.of()));
    ExecutorTermination end = take(agent.terminations);
    assertEquals(TaskState.TASK_FAILED, end.getState());
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT, end.getReason());
    Await.until("the program was killed", WAIT, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
