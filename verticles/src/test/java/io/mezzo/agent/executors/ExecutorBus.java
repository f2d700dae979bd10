package io.mezzo.agent.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.checks.TaskChecks;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
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
import io.mezzo.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture that plays an agent to one executor verticle, on the run's two addresses
 * only: it records what the verticle sends and sends it executor events.
 */
final class ExecutorBus implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String AGENT = "agent-1";

  final Vertx vertx;
  final String runId = UUID.randomUUID().toString();
  final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();
  private final MessageConsumer<Object> consumer;
  final ExecutorTools tools;

  ExecutorBus(Vertx vertx, Path workDir) {
    this.vertx = vertx;
    Codecs.register(vertx);
    consumer = vertx.eventBus().localConsumer(Addresses.executorRunAgent(AGENT, runId), m -> heard.add(m.body()));
    Await.result(consumer.completion());
    FetcherConfig fetcher = new FetcherConfig(workDir.resolve("cache"), FetcherConfig.DEFAULT_CACHE_SIZE,
        FetcherConfig.DEFAULT_MAX_SIZE, FetcherConfig.DEFAULT_TIMEOUT, FetcherConfig.DEFAULT_STALL_TIMEOUT);
    tools = new ExecutorTools(new CommandExecutor(vertx), new Fetcher(vertx, fetcher), new TaskChecks(vertx),
        Duration.ofSeconds(2), isolation());
  }

  /** The agent's default isolation, but tasks run as the test's user (their framework's "tester" does not exist). */
  static io.mezzo.agent.isolation.Isolation isolation() {
    try {
      return io.mezzo.agent.isolation.Isolation.start(io.mezzo.agent.AgentConfig.fromJson(
          new io.vertx.core.json.JsonObject().put("switch_user", false)).isolation());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static FrameworkInfo framework() {
    return FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("fw-1")).setUser("tester").setName("t")
        .build();
  }

  ExecutorRunSpec spec(ExecutorKind kind, String executorId, Path workDir) {
    ExecutorInfo executor = ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .setFrameworkId(framework().getId())
        .setType(kind == ExecutorKind.DEFAULT ? ExecutorInfo.Type.DEFAULT : ExecutorInfo.Type.UNKNOWN)
        .build();
    Path sandbox = workDir.resolve("agents").resolve(AGENT).resolve("frameworks/fw-1/executors").resolve(executorId)
        .resolve("runs").resolve(runId);
    Path meta = workDir.resolve("meta/frameworks/fw-1/executors").resolve(executorId).resolve("runs").resolve(runId);
    return new ExecutorRunSpec(AGENT, kind, framework(), executor, runId, sandbox, meta, List.of());
  }

  static TaskInfo task(String id, String command) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(AgentID.newBuilder().setValue(AGENT))
        .addAllResources(Resources.parse("cpus:0.1;mem:32").toProto())
        .setCommand(CommandInfo.newBuilder().setValue(command))
        .build();
  }

  /** Sends an executor event to the run's verticle. */
  void send(Event event) {
    vertx.eventBus().send(Addresses.executorRun(AGENT, runId), event);
  }

  /** The next thing the verticle sent, within the wait. */
  Object next() throws InterruptedException {
    Object body = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(body, "the executor said nothing within " + WAIT);
    return body;
  }

  Call nextCall(Call.Type type) throws InterruptedException {
    Object body = next();
    if (!(body instanceof Call call) || call.getType() != type) {
      throw new AssertionError("expected a " + type + " call, got " + body);
    }
    return call;
  }

  /** The next UPDATE, which is ACKNOWLEDGED as an agent would once it checkpointed it. */
  TaskStatus nextUpdate() throws InterruptedException {
    TaskStatus status = nextCall(Call.Type.UPDATE).getUpdate().getStatus();
    send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
        .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid()))
        .build());
    return status;
  }

  TaskStatus nextUpdate(String taskId, TaskState state) throws InterruptedException {
    TaskStatus status = nextUpdate();
    assertEquals(taskId + " " + state, status.getTaskId().getValue() + " " + status.getState(), status.toString());
    return status;
  }

  ExecutorTermination nextTermination() throws InterruptedException {
    Object body = next();
    if (!(body instanceof ExecutorTermination termination)) {
      throw new AssertionError("expected the executor's termination, got " + body);
    }
    return termination;
  }

  static Event subscribed() {
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.getDefaultInstance()).build();
  }

  static Event launch(TaskInfo task) {
    return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build();
  }

  static Event kill(String taskId) {
    return Event.newBuilder().setType(Event.Type.KILL)
        .setKill(Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))).build();
  }

  static Event shutdown() {
    return Event.newBuilder().setType(Event.Type.SHUTDOWN).build();
  }

  @Override
  public void close() {
    Await.result(consumer.unregister());
    Await.result(tools.checks().close());
  }
}
