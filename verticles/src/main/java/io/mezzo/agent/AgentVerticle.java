package io.mezzo.agent;

import io.mezzo.Version;
import io.mezzo.agent.executors.CommandExecutorVerticle;
import io.mezzo.agent.executors.CustomExecutorVerticle;
import io.mezzo.agent.executors.DefaultExecutorVerticle;
import io.mezzo.agent.executors.ExecutorEnvironment;
import io.mezzo.agent.executors.ExecutorFactory;
import io.mezzo.agent.executors.ExecutorKind;
import io.mezzo.agent.executors.ExecutorTools;
import io.mezzo.agent.http.AgentEndpoints;
import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.http.AgentView;
import io.mezzo.agent.isolation.Isolation;
import io.mezzo.agent.isolation.Isolator;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.checks.TaskChecks;
import io.mezzo.executor.CommandExecutor;
import io.mezzo.http.HttpServers;
import io.mezzo.metrics.AgentFigures;
import io.mezzo.metrics.AgentMetrics;
import io.mezzo.model.Attributes;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.ExecutorCheckpoint;
import io.mezzo.v1.internal.StatusUpdate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent: offers this machine's resources to the cluster, runs the tasks the master sends
 * on executor verticles (one per executor run, see {@link io.mezzo.agent.executors}), and
 * reports every task state change reliably. A thin adapter: the registration, task and
 * status update logic live in {@link MasterLink}, {@link TaskRuns} and
 * {@link StatusUpdateManager}.
 */
public final class AgentVerticle extends VerticleBase implements AgentView {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);

  private final AgentConfig config;
  private final AgentPaths paths;
  private final String httpHost;

  private String agentId;
  private AgentInfo agentInfo;
  private boolean knownToMasters;
  /** Read on a worker at start, used on the event loop once that work has completed. */
  private long savedEpoch;
  private List<AgentRecovery.Checkpoint> checkpoints = List.of();
  private List<ExecutorCheckpoint> executorCheckpoints = List.of();
  private CommandExecutor executor;
  private Fetcher fetcher;
  private TaskChecks checks;
  /** Made on a worker at start (it probes the host's cgroups). */
  private Isolation isolation;
  private StatusUpdateManager updates;
  private TaskRuns runs;
  private MasterLink link;
  private MessageConsumer<AgentEvent> consumer;
  private HttpServer http;
  private long startMillis;
  private final AgentMetrics metrics = new AgentMetrics(this::figures);

  /**
   * @param httpHost the address the agent's HTTP API binds (the node's cluster address)
   */
  public AgentVerticle(AgentConfig config, String httpHost) {
    this.config = Objects.requireNonNull(config, "config");
    this.paths = new AgentPaths(config.workDir());
    this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
  }

  /** The port of the agent's HTTP API, once started. */
  public int httpPort() {
    return http.actualPort();
  }

  /** This agent's ID, once started. */
  @Override
  public String agentId() {
    return agentId;
  }

  /** The directory under which every sandbox of this agent lies: {@code <work_dir>/agents}. */
  @Override
  public Path sandboxesRoot() {
    return paths.workDir().resolve("agents");
  }

  /**
   * The sandboxes of the runs of task {@code taskId} this agent remembers, newest per
   * framework, by framework ID. Older runs, and tasks finished long ago, are found on disk
   * only. Call it on the agent's event loop (its HTTP handlers run there).
   */
  @Override
  public Map<String, Path> knownSandboxes(String taskId) {
    Map<String, Path> sandboxes = new LinkedHashMap<>();
    // Newest last, so the newest run of a framework's task wins.
    for (TaskRun run : runs.completed()) {
      if (run.taskId().equals(taskId)) {
        sandboxes.put(run.frameworkId(), run.sandbox);
      }
    }
    for (TaskRun run : runs.active()) {
      if (run.taskId().equals(taskId)) {
        sandboxes.put(run.frameworkId(), run.sandbox);
      }
    }
    return sandboxes;
  }

  /** This agent's meters. */
  @Override
  public AgentMetrics metrics() {
    return metrics;
  }

  @Override
  public String customExecutorRun(String frameworkId, String executorId) {
    return runs == null ? null : runs.customExecutorRun(frameworkId, executorId);
  }

  /** The agent in numbers, for its gauges; on the agent's event loop. */
  private AgentFigures figures() {
    if (runs == null) {
      return AgentFigures.NONE;
    }
    Map<TaskState, Integer> tasks = new EnumMap<>(TaskState.class);
    for (TaskRun run : runs.active()) {
      if (!run.isTerminal()) {
        tasks.merge(run.state, 1, Integer::sum);
      }
    }
    return new AgentFigures(link.registered(), tasks, updates.pendingCount());
  }

  /** The agent's state in the shape of Mesos's agent {@code /state}; on the agent's event loop. */
  @Override
  public JsonObject state() {
    if (agentInfo == null) {
      throw new Refusal(Failure.UNAVAILABLE, "The agent is starting");
    }
    return AgentStateJson.of(agentInfo, link.masterInfo(), link.registered(), startMillis, paths.workDir(),
            runs.liveExecutorRuns(), runs.endedExecutorRuns(), runs.active(), runs.completed())
        .put("flags", new JsonObject(new java.util.LinkedHashMap<>(config.flags())))
        .put("isolation", new JsonObject()
            .put("active", Isolator.format(isolation.active()))
            .put("cgroups", isolation.cgroupsVersion())
            .put("not_enforced", new io.vertx.core.json.JsonArray(List.copyOf(isolation.notEnforced()))));
  }

  @Override
  public Future<?> start() {
    startMillis = System.currentTimeMillis();
    Codecs.register(vertx);
    return vertx.executeBlocking(this::prepare, false).compose(this::listen);
  }

  /**
   * Loads or creates the agent's ID, the highest master epoch seen and the checkpoints of
   * the tasks an earlier run of this agent left, and finds its resources: file system work.
   */
  private AgentInfo prepare() throws Exception {
    Path idFile = paths.agentIdFile();
    String id;
    if (Files.exists(idFile)) {
      id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
      knownToMasters = true;
    } else {
      id = UUID.randomUUID() + "-S0";
      Files.createDirectories(idFile.getParent());
      Path temporary = idFile.resolveSibling("agent.id.tmp");
      Files.writeString(temporary, id, StandardCharsets.UTF_8);
      Files.move(temporary, idFile, StandardCopyOption.ATOMIC_MOVE);
    }
    savedEpoch = AgentEpoch.load(paths.epochFile());
    checkpoints = AgentRecovery.read(paths);
    executorCheckpoints = AgentRecovery.readExecutors(paths);
    // The recovered runs' cgroups stay: they still limit tasks, or tell how one ended.
    isolation = Isolation.start(config.isolation(),
        checkpoints.stream().map(c -> c.launch().getRunId()).collect(java.util.stream.Collectors.toSet()));
    Resources total = Fingerprint.resources(paths.workDir(), config.resources());
    return AgentInfo.newBuilder()
        .setId(AgentID.newBuilder().setValue(id))
        .setHostname(config.hostname().isEmpty() ? httpHost : config.hostname())
        .setPort(config.port())
        .addAllResources(total.toProto())
        .addAllAttributes(Attributes.parse(config.attributes()))
        .build();
  }

  private Future<Void> listen(AgentInfo detected) {
    agentId = detected.getId().getValue();
    updates = new StatusUpdateManager(vertx, paths, this::forward, config.statusUpdateRetryMin(),
        config.statusUpdateRetryMax(), metrics);
    updates.setAgentId(agentId);
    executor = new CommandExecutor(vertx);
    fetcher = new Fetcher(vertx, config.fetcher());
    checks = new TaskChecks(vertx);
    runs = new TaskRuns(vertx, config, paths, updates, metrics);
    CustomExecutorVerticle.Tools supervision = new CustomExecutorVerticle.Tools(executor, fetcher, () -> agentInfo,
        this::executorSettings, config.executorRegistrationTimeout());
    runs.start(agentId, executorFactories(new ExecutorTools(executor, fetcher, checks, config.defaultGracePeriod(), isolation),
        supervision), call -> link.send(call));
    link = new MasterLink(vertx, config, this::registration, updates::connected, updates::disconnected,
        AgentEpoch.of(vertx, paths.epochFile(), savedEpoch), metrics);
    // Tasks are recovered before the agent can hear from a master: a kill or an
    // acknowledgement must find them, and the re-registration must report them.
    return fetcher.start()
        .compose(v -> AgentRecovery.recover(checkpoints, executorCheckpoints, runs, updates))
        .compose(v -> {
          checkpoints = List.of();
          executorCheckpoints = List.of();
          // The HTTP API runs on this verticle's event loop, so its handlers read the
          // agent's state without locks.
          return HttpServers.listen(vertx, httpHost, config.port(), config.http(), AgentEndpoints.all(vertx, this));
        })
        .compose(server -> {
          http = server;
          // Offers tell frameworks where to reach this agent: the port actually bound.
          agentInfo = detected.toBuilder().setPort(server.actualPort()).build();
          consumer = vertx.eventBus().consumer(Addresses.agent(agentId), this::onEvent);
          // The master can reach this agent only once the registration is known cluster-wide.
          return consumer.completion();
        })
        .onSuccess(v -> {
          LOG.info("agent {} on {}:{} with {}", agentId, agentInfo.getHostname(), http.actualPort(),
              Resources.fromProto(agentInfo.getResourcesList()));
          link.start();
        });
  }

  /** The executor verticles this agent deploys, by kind. */
  private static Map<ExecutorKind, ExecutorFactory> executorFactories(ExecutorTools tools,
      CustomExecutorVerticle.Tools supervision) {
    Map<ExecutorKind, ExecutorFactory> factories = new EnumMap<>(ExecutorKind.class);
    factories.put(ExecutorKind.COMMAND, spec -> new CommandExecutorVerticle(spec, tools));
    factories.put(ExecutorKind.DEFAULT, spec -> new DefaultExecutorVerticle(spec, tools));
    factories.put(ExecutorKind.CUSTOM, spec -> new CustomExecutorVerticle(spec, supervision));
    return factories;
  }

  /**
   * What a custom executor's environment says of this agent: where its HTTP API listens (the
   * port actually bound, which a restarted agent must bind again for its executors to come
   * back), and the timeouts of docs/executors.md.
   */
  private ExecutorEnvironment.Settings executorSettings() {
    return new ExecutorEnvironment.Settings(httpHost + ":" + (http == null ? config.port() : http.actualPort()),
        config.executorShutdownGracePeriod(),
        config.recoveryTimeout(), config.executorReregistrationTimeout());
  }

  @Override
  public Future<?> stop() {
    if (link != null) {
      link.stop();
      updates.stop();
    }
    Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
    return closed
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.unregister())
        .eventually(() -> fetcher == null ? Future.succeededFuture() : Future.join(fetcher.close(), checks.close()));
  }

  /**
   * Kills every task of this agent, each within at most {@code maxGrace} of SIGTERM; completes
   * once they have exited. For a node whose tasks must not outlive it (a development
   * cluster); an agent stopped otherwise leaves its tasks running, to take them back when it
   * starts again. Callable from any thread.
   */
  public Future<Void> stopTasks(Duration maxGrace) {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> (runs == null ? Future.<Void>succeededFuture() : runs.killAll(maxGrace)).onComplete(stopped));
    return stopped.future();
  }

  /** Whether the agent is registered with a master now. */
  @Override
  public boolean registered() {
    return link != null && link.registered();
  }

  private AgentCall registration() {
    AgentCall.Builder call = AgentCall.newBuilder().setAgentId(agentInfo.getId());
    if (!knownToMasters) {
      knownToMasters = true;
      return call.setType(AgentCall.Type.REGISTER_AGENT)
          .setRegisterAgent(AgentCall.RegisterAgent.newBuilder().setAgentInfo(agentInfo).setVersion(Version.VERSION))
          .build();
    }
    return call.setType(AgentCall.Type.REREGISTER_AGENT)
        .setReregisterAgent(
            AgentCall.ReregisterAgent.newBuilder()
                .setAgentInfo(agentInfo)
                .setVersion(Version.VERSION)
                .addAllTasks(runs.report())
                .addAllFrameworks(runs.frameworks())
                .addAllExecutors(runs.executorInfos()))
        .build();
  }

  private void forward(StatusUpdate update) {
    link.send(
        AgentCall.newBuilder()
            .setType(AgentCall.Type.UPDATE_STATUS)
            .setAgentId(agentInfo.getId())
            .setUpdateStatus(update)
            .build());
  }

  private void onEvent(Message<AgentEvent> message) {
    AgentEvent event;
    try {
      event = message.body();
    } catch (RuntimeException e) {
      LOG.warn("dropped a malformed message: {}", e.getMessage());
      return;
    }
    boolean launch = event.getType() == AgentEvent.Type.RUN_TASK || event.getType() == AgentEvent.Type.RUN_TASK_GROUP;
    if (!(launch ? link.acceptLaunch(message) : link.accept(message))) {
      return;
    }
    switch (event.getType()) {
      case PING_AGENT -> message.reply(null);
      case RUN_TASK -> runs.run(event.getRunTask().getFramework(), event.getRunTask().getTask());
      case RUN_TASK_GROUP -> {
        AgentEvent.RunTaskGroup group = event.getRunTaskGroup();
        runs.runGroup(group.getFramework(), group.getExecutor(), group.getTaskGroup());
      }
      case KILL_TASK -> {
        AgentEvent.KillTask kill = event.getKillTask();
        runs.kill(kill.getFrameworkId().getValue(), kill.getTaskId(), kill.hasKillPolicy() ? kill.getKillPolicy() : null);
      }
      case ACKNOWLEDGE_UPDATE -> {
        AgentEvent.AcknowledgeUpdate ack = event.getAcknowledgeUpdate();
        String frameworkId = ack.getFrameworkId().getValue();
        String taskId = ack.getTaskId().getValue();
        updates.acknowledge(frameworkId, taskId, ack.getUuid())
            .onSuccess(terminal -> {
              if (terminal) {
                runs.terminalAcknowledged(frameworkId, taskId);
              }
            });
      }
      case SHUTDOWN_FRAMEWORK -> runs.shutdownFramework(event.getShutdownFramework().getFrameworkId().getValue());
      case SHUTDOWN_EXECUTOR -> runs.shutdownExecutor(
          event.getShutdownExecutor().getFrameworkId().getValue(), event.getShutdownExecutor().getExecutorId().getValue());
      case SEND_FRAMEWORK_MESSAGE -> {
        AgentEvent.SendFrameworkMessage framework = event.getSendFrameworkMessage();
        runs.frameworkMessage(framework.getFrameworkId().getValue(), framework.getExecutorId().getValue(), framework.getData());
      }
      default -> LOG.warn("ignored unexpected {} from the master", event.getType());
    }
  }
}
