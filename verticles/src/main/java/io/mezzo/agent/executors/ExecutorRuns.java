package io.mezzo.agent.executors;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.executor.Sandboxes;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import io.mezzo.v1.executor.Event;
import io.mezzo.v1.internal.ExecutorCheckpoint;
import io.mezzo.v1.internal.ExecutorTermination;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor runs of one agent: deploys one executor verticle per run and talks to it
 * only over the run's two addresses ({@link Addresses#executorRun} to it,
 * {@link Addresses#executorRunAgent} from it). A run's events wait until its executor has
 * subscribed; a run that does not subscribe within the registration timeout, or does not
 * end within its shutdown grace period after SHUTDOWN, is undeployed and reported ended. A
 * default or custom executor run is checkpointed ({@link #EXECUTOR_INFO}) before its verticle
 * is deployed, so that a restarted agent takes it back even with no task left. Call it on
 * the agent's event loop.
 */
public final class ExecutorRuns {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRuns.class);

  /** A default or custom executor run's checkpoint in its meta dir (Mesos's executor.info). */
  public static final String EXECUTOR_INFO = "executor.info";

  /** How much longer than its grace period a shutting-down run gets before it is undeployed. */
  private static final Duration SHUTDOWN_SLACK = Duration.ofSeconds(2);

  /** What the agent does with what its executors say. */
  public interface Listener {
    /**
     * A task status from a run's executor, uuid and executor_id set; the returned future
     * completes once the update is checkpointed, and the executor hears ACKNOWLEDGED.
     */
    Future<Void> update(Run run, TaskStatus status);

    /** A framework message from a run's executor, for its scheduler. */
    void message(Run run, ByteString data);

    /** A run has ended and is undeployed; the listener ends its unfinished tasks. */
    void terminated(Run run, ExecutorTermination termination);
  }

  /** One executor run as the agent sees it. */
  public static final class Run {
    private final ExecutorRunSpec spec;
    private final Promise<Void> subscribed = Promise.promise();
    private final Promise<Void> done = Promise.promise();
    private final List<Event> waiting = new ArrayList<>();
    private MessageConsumer<Object> consumer;
    private String deploymentId;
    private boolean ended;
    private long timer = -1;

    private Run(ExecutorRunSpec spec) {
      this.spec = spec;
    }

    public ExecutorRunSpec spec() {
      return spec;
    }

    /** Completes once the executor has subscribed and its unacknowledged updates are taken. */
    public Future<Void> subscribed() {
      return subscribed.future();
    }

    public boolean ended() {
      return ended;
    }

    /** Completes once the run has ended and its verticle is undeployed (or was never deployed). */
    public Future<Void> done() {
      return done.future();
    }
  }

  private final Vertx vertx;
  private final String agentId;
  private final Path workDir;
  private final Map<ExecutorKind, ExecutorFactory> factories;
  private final Duration registrationTimeout;
  private final Duration defaultShutdownGrace;
  private final Listener listener;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  /**
   * @param workDir the agent's work dir: sandboxes under {@code agents/}, checkpoints under
   *     {@code meta/}
   */
  public ExecutorRuns(Vertx vertx, String agentId, Path workDir, Map<ExecutorKind, ExecutorFactory> factories,
      Duration registrationTimeout, Duration defaultShutdownGrace, Listener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.agentId = Objects.requireNonNull(agentId, "agentId");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.factories = new EnumMap<>(factories);
    this.registrationTimeout = Objects.requireNonNull(registrationTimeout, "registrationTimeout");
    this.defaultShutdownGrace = Objects.requireNonNull(defaultShutdownGrace, "defaultShutdownGrace");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The sandbox of a run: {@code <work_dir>/agents/<agentId>/frameworks/<fwId>/executors/<execId>/runs/<runId>}.
   */
  public Path sandbox(String frameworkId, String executorId, String runId) {
    return Sandboxes.of(workDir, agentId, frameworkId, executorId, runId);
  }

  /** The checkpoint directory of a run: {@code meta/frameworks/<fwId>/executors/<execId>/runs/<runId>}. */
  public Path metaDir(String frameworkId, String executorId, String runId) {
    return workDir.resolve("meta").resolve(Sandboxes.run(frameworkId, executorId, runId));
  }

  /**
   * Starts a new run of {@code executor} (framework_id set): deploys its verticle, whose
   * events wait until it subscribes.
   *
   * @param runId the run's ID, or null for a new one (a recovered run keeps its own)
   * @param recovered the tasks of a recovered run; empty for a new run
   */
  public Run start(ExecutorKind kind, FrameworkInfo framework, ExecutorInfo executor, String runId,
      List<ExecutorRunSpec.RecoveredTask> recovered) {
    ExecutorFactory factory = factories.get(kind);
    String id = runId != null ? runId : UUID.randomUUID().toString();
    String frameworkId = framework.getId().getValue();
    String executorId = executor.getExecutorId().getValue();
    ExecutorRunSpec spec = new ExecutorRunSpec(agentId, kind, framework, executor, id,
        sandbox(frameworkId, executorId, id), metaDir(frameworkId, executorId, id), recovered);
    Run run = new Run(spec);
    runs.put(id, run);
    if (factory == null) {
      vertx.runOnContext(v -> end(run, termination(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "This agent cannot run " + kind + " executors")));
      return run;
    }
    run.consumer = vertx.eventBus().localConsumer(Addresses.executorRunAgent(agentId, id), message -> onCall(run, message));
    run.timer = vertx.setTimer(registrationTimeout.toMillis(), t -> {
      run.timer = -1;
      if (!run.subscribed.future().isComplete()) {
        LOG.warn("executor {} of framework {} did not subscribe within {}", executorId, frameworkId, registrationTimeout);
        end(run, termination(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT,
            "Executor did not register within " + registrationTimeout.toSeconds() + " s"));
      }
    });
    run.consumer.completion()
        // A recovered run is checkpointed again: a work dir of an older agent may lack it.
        .compose(v -> checkpoint(spec))
        .compose(v -> vertx.deployVerticle(factory.create(spec)))
        .onSuccess(deployment -> {
          run.deploymentId = deployment;
          if (run.ended) {
            vertx.undeploy(deployment);
          }
        })
        .onFailure(error -> {
          LOG.warn("could not start executor {} of framework {}: {}", executorId, frameworkId, error.toString());
          end(run, termination(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
              "Failed to launch the executor: " + error.getMessage()));
        });
    return run;
  }

  /**
   * Checkpoints a new default or custom executor run before it starts, so that a restarted
   * agent takes it back even when none of its tasks is left (a custom executor outlives
   * them). A command executor's run is found from its one task's checkpoint.
   */
  private Future<Void> checkpoint(ExecutorRunSpec spec) {
    if (spec.kind() == ExecutorKind.COMMAND) {
      return Future.succeededFuture();
    }
    byte[] bytes = ExecutorCheckpoint.newBuilder()
        .setFramework(spec.framework())
        .setExecutor(spec.executor())
        .setRunId(spec.runId())
        .setSandbox(spec.sandbox().toString())
        .build()
        .toByteArray();
    Path file = spec.metaDir().resolve(EXECUTOR_INFO);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(EXECUTOR_INFO + ".tmp");
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      return null;
    }, false);
  }

  /** The live run of an executor, or null. */
  public Run find(String frameworkId, String executorId) {
    for (Run run : runs.values()) {
      if (run.spec.frameworkId().equals(frameworkId) && run.spec.executorId().equals(executorId)) {
        return run;
      }
    }
    return null;
  }

  /** The live runs. */
  public Collection<Run> runs() {
    return Collections.unmodifiableCollection(runs.values());
  }

  public void launch(Run run, TaskInfo task) {
    send(run, Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build());
  }

  public void launchGroup(Run run, TaskGroupInfo group) {
    send(run, Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
        .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(group)).build());
  }

  /** Asks the run's executor to kill a task; {@code policy} overrides the task's own when set. */
  public void kill(Run run, TaskID taskId, KillPolicy policy) {
    Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
    if (policy != null) {
      kill.setKillPolicy(policy);
    }
    send(run, Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
  }

  /** Passes a framework message to the run's executor. */
  public void message(Run run, ByteString data) {
    send(run, Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder().setData(data)).build());
  }

  /**
   * Asks the run's executor to kill its tasks and end; after its shutdown grace period
   * (ExecutorInfo.shutdown_grace_period, else the agent's default) and a little slack it is
   * undeployed and reported ended.
   */
  public void shutdown(Run run) {
    if (run.ended) {
      return;
    }
    send(run, Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    Duration grace = shutdownGrace(run.spec.executor());
    if (run.timer >= 0) {
      vertx.cancelTimer(run.timer);
    }
    run.timer = vertx.setTimer(grace.plus(SHUTDOWN_SLACK).toMillis(), t -> {
      run.timer = -1;
      end(run, ExecutorTermination.newBuilder().setState(TaskState.TASK_KILLED)
          .setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED)
          .setMessage("Executor did not end within its shutdown grace period").build());
    });
  }

  /** How long an executor has to end after SHUTDOWN. */
  public Duration shutdownGrace(ExecutorInfo executor) {
    return ExecutorEnvironment.shutdownGrace(executor, defaultShutdownGrace);
  }

  private void send(Run run, Event event) {
    if (run.ended) {
      LOG.debug("dropped {} for ended executor {}", event.getType(), run.spec.executorId());
    } else if (!run.subscribed.future().isComplete()) {
      run.waiting.add(event);
    } else {
      vertx.eventBus().send(Addresses.executorRun(agentId, run.spec.runId()), event);
    }
  }

  private void onCall(Run run, Message<Object> message) {
    if (run.ended) {
      return;
    }
    Object body = message.body();
    if (body instanceof ExecutorTermination termination) {
      end(run, termination);
    } else if (body instanceof Call call) {
      switch (call.getType()) {
        case SUBSCRIBE -> subscribe(run, call.getSubscribe());
        case UPDATE -> update(run, call.getUpdate().getStatus());
        case MESSAGE -> listener.message(run, call.getMessage().getData());
        default -> LOG.debug("ignored {} from executor {}", call.getType(), run.spec.executorId());
      }
    } else {
      LOG.warn("dropped an unexpected {} from executor {}", body == null ? "null" : body.getClass().getSimpleName(),
          run.spec.executorId());
    }
  }

  private void subscribe(Run run, Call.Subscribe subscribe) {
    if (run.subscribed.future().isComplete()) {
      return;
    }
    if (run.timer >= 0) {
      vertx.cancelTimer(run.timer);
      run.timer = -1;
    }
    List<Future<Void>> logged = new ArrayList<>();
    for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      logged.add(update(run, update.getStatus()));
    }
    Future.join(logged).onComplete(v -> {
      vertx.eventBus().send(Addresses.executorRun(agentId, run.spec.runId()),
          Event.newBuilder().setType(Event.Type.SUBSCRIBED)
              .setSubscribed(Event.Subscribed.newBuilder()
                  .setExecutorInfo(run.spec.executor())
                  .setFrameworkInfo(run.spec.framework()))
              .build());
      run.subscribed.tryComplete();
      List<Event> waiting = new ArrayList<>(run.waiting);
      run.waiting.clear();
      waiting.forEach(event -> send(run, event));
    });
  }

  private Future<Void> update(Run run, TaskStatus status) {
    return listener.update(run, status).onSuccess(v -> send(run, Event.newBuilder()
        .setType(Event.Type.ACKNOWLEDGED)
        .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid()))
        .build()));
  }

  private void end(Run run, ExecutorTermination termination) {
    if (run.ended) {
      return;
    }
    run.ended = true;
    runs.remove(run.spec.runId());
    if (run.timer >= 0) {
      vertx.cancelTimer(run.timer);
    }
    if (run.consumer != null) {
      run.consumer.unregister();
    }
    Future<Void> undeployed = run.deploymentId == null ? Future.succeededFuture() : vertx.undeploy(run.deploymentId)
        .onFailure(error -> LOG.debug("undeploying executor {}: {}", run.spec.executorId(), error.toString()));
    run.waiting.clear();
    run.subscribed.tryFail("The executor ended");
    listener.terminated(run, termination);
    undeployed.onComplete(v -> run.done.tryComplete());
  }

  private static ExecutorTermination termination(TaskStatus.Reason reason, String message) {
    return ExecutorTermination.newBuilder().setState(TaskState.TASK_FAILED).setReason(reason).setMessage(message).build();
  }
}
