package io.mezzo.cli.run;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.cli.client.MasterClient;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler behind {@code mezzo run}: subscribes over the scheduler HTTP API, places the
 * instances into offers that fit, acknowledges and reports every status update, prints each
 * task's output when it ends, and tears the framework down at the end. Everything runs on
 * one Vert.x context; {@link #start()} completes with the command's exit code.
 */
public final class RunScheduler {
  public static final int EXIT_FINISHED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_NOT_PLACED = 2;
  public static final int EXIT_INTERRUPTED = 130;

  /** A detached run's framework outlives the command by this long: as long as the master allows. */
  static final double DETACHED_FAILOVER_SECONDS = 365.0 * 24 * 3600;
  /** Offers that cannot hold a task come back soon: room may free up on that agent. */
  static final double REFUSE_WHILE_PLACING_SECONDS = 1;
  static final double REFUSE_WHEN_PLACED_SECONDS = 600;
  static final Duration TEARDOWN_TIMEOUT = Duration.ofSeconds(10);
  /** Heartbeats missed before the master counts as gone, as Mesos advises schedulers. */
  static final int MISSED_HEARTBEATS = 5;
  static final long FIRST_PROGRESS_SECONDS = 3;
  static final long PROGRESS_EVERY_SECONDS = 5;
  private static final Set<TaskState> RAN = Set.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_KILLED);
  private static final Logger LOG = LoggerFactory.getLogger(RunScheduler.class);

  /** What the default executor of a {@code --task-group} run holds itself, as mesos-execute gives it. */
  static final String GROUP_EXECUTOR_RESOURCES = "cpus:0.1;mem:32";

  private final MasterClient master;
  private final FrameworkConfig config;
  private final boolean detach;
  private final RunPrinter printer;
  private final Context context;
  private final SchedulerConnection connection;
  private final TaskOutput output;
  private final RunTasks tasks;
  private final Resources need;
  /** The task group to launch whole on one agent, or null to run {@code config.instances()} commands. */
  private final TaskGroupInfo group;
  private final ExecutorInfo groupExecutor;
  private final Promise<Integer> result = Promise.promise();
  private long startNanos;
  private long lastEventNanos;
  private double heartbeatSeconds = 15;
  private long ticker = -1;
  private long nextProgressSeconds = FIRST_PROGRESS_SECONDS;
  private boolean subscribed;
  private boolean finishing;
  private boolean suppressed;
  private boolean outputUnavailable;
  private Future<Void> outputs = Future.succeededFuture();
  private double largestCpus;
  private double largestMem;

  public RunScheduler(MasterClient master, FrameworkConfig config, boolean detach, RunPrinter printer) {
    this(master, config, detach, printer, null);
  }

  /**
   * @param group a task group to launch whole, on one agent's default executor (its tasks'
   *     own resources and commands; the config's command, resources and instances unused);
   *     null to run the config's command
   */
  public RunScheduler(MasterClient master, FrameworkConfig config, boolean detach, RunPrinter printer,
      TaskGroupInfo group) {
    this.master = Objects.requireNonNull(master, "master");
    this.config = Objects.requireNonNull(config, "config");
    this.detach = detach;
    this.printer = Objects.requireNonNull(printer, "printer");
    this.context = master.vertx().getOrCreateContext();
    this.connection = new SchedulerConnection(master);
    this.output = new TaskOutput(master, TaskOutput.DEFAULT_MAX_BYTES);
    this.group = group;
    if (group == null) {
      this.tasks = new RunTasks(RunTasks.idPrefix(config.name()), config.instances());
      this.need = config.taskResources();
      this.groupExecutor = null;
    } else {
      this.tasks = new RunTasks(group.getTasksList().stream().map(task -> task.getTaskId().getValue()).toList());
      this.groupExecutor = ExecutorInfo.newBuilder()
          .setType(ExecutorInfo.Type.DEFAULT)
          .setExecutorId(ExecutorID.newBuilder().setValue(RunTasks.idPrefix(config.name()) + "-executor"))
          .setName("mezzo run --task-group")
          .addAllResources(Resources.parse(GROUP_EXECUTOR_RESOURCES).toProto())
          .build();
      Resources total = Resources.parse(GROUP_EXECUTOR_RESOURCES);
      for (TaskInfo task : group.getTasksList()) {
        total = total.plus(Resources.fromProto(task.getResourcesList()));
      }
      this.need = total;
    }
  }

  /** Runs; completes with the exit code. */
  public Future<Integer> start() {
    context.runOnContext(v -> begin());
    return result.future();
  }

  /** Stops the run (Ctrl-C): tears the framework down, then completes with 130. */
  public Future<Integer> interrupt() {
    context.runOnContext(v -> {
      if (!finishing) {
        printer.warn("interrupted; tearing the framework down");
        finish(EXIT_INTERRUPTED, true);
      }
    });
    return result.future();
  }

  private void begin() {
    startNanos = System.nanoTime();
    lastEventNanos = startNanos;
    ticker = master.vertx().setPeriodic(1000, id -> tick());
    FrameworkInfo info = FrameworkInfo.newBuilder()
        .setName(config.name())
        .setUser(config.user())
        .setRole(config.role())
        .setFailoverTimeout(detach ? DETACHED_FAILOVER_SECONDS : 0)
        .build();
    connection.subscribe(info, this::onEvent, this::onStreamEnded)
        .onSuccess(event -> {
          subscribed = true;
          lastEventNanos = System.nanoTime();
          if (event.getSubscribed().getHeartbeatIntervalSeconds() > 0) {
            heartbeatSeconds = event.getSubscribed().getHeartbeatIntervalSeconds();
          }
          if (finishing) {
            // Gave up while the subscription was on its way: remove what it created.
            connection.call(Call.newBuilder().setType(Call.Type.TEARDOWN)).onComplete(done -> connection.close());
            return;
          }
          printer.info("framework " + connection.frameworkId().getValue() + " subscribed at " + master.master()
              + "; placing " + RunPrinter.plural(tasks.size(), "task") + " of " + RunPrinter.describe(need));
        })
        .onFailure(error -> {
          printer.warn(error.getMessage());
          finish(EXIT_FAILED, false);
        });
  }

  private void tick() {
    if (finishing) {
      return;
    }
    long elapsedNanos = System.nanoTime() - startNanos;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
    if (!subscribed) {
      if (elapsedNanos >= config.timeout().toNanos()) {
        printer.warn("no answer from the master at " + master.master() + " within " + seconds + " s");
        finish(EXIT_FAILED, false);
      }
      return;
    }
    double silentSeconds = (System.nanoTime() - lastEventNanos) / 1e9;
    if (silentSeconds > Math.max(10, MISSED_HEARTBEATS * heartbeatSeconds)) {
      printer.warn("no word from the master for " + Math.round(silentSeconds) + " s; giving up");
      finish(EXIT_FAILED, false);
      return;
    }
    int unplaced = tasks.unplacedCount();
    if (unplaced == 0) {
      return;
    }
    if (elapsedNanos >= config.timeout().toNanos()) {
      printer.warn("could not place " + unplaced + " of " + RunPrinter.plural(tasks.size(), "task") + " within "
          + seconds + " s: each needs " + RunPrinter.describe(need) + largestOffer() + "; tearing down");
      finish(EXIT_NOT_PLACED, true);
      return;
    }
    if (seconds >= nextProgressSeconds) {
      nextProgressSeconds = seconds + PROGRESS_EVERY_SECONDS;
      printer.info("waiting for offers (" + seconds + " s)... " + unplaced + " of " + RunPrinter.plural(tasks.size(), "task")
          + " still to place, each needing " + RunPrinter.describe(need));
    }
  }

  private void onEvent(Event event) {
    lastEventNanos = System.nanoTime();
    if (finishing) {
      return;
    }
    switch (event.getType()) {
      case OFFERS -> event.getOffers().getOffersList().forEach(this::onOffer);
      case UPDATE -> onUpdate(event.getUpdate().getStatus());
      case ERROR -> {
        printer.warn("the master ended the subscription: " + event.getError().getMessage());
        finish(EXIT_FAILED, false);
      }
      case FAILURE -> {
        if (event.getFailure().hasAgentId()) {
          LOG.info("agent {} failed", event.getFailure().getAgentId().getValue());
        }
      }
      default -> {
        // HEARTBEAT keeps lastEventNanos fresh; RESCIND needs nothing: offers are answered at once.
      }
    }
  }

  private void onOffer(Offer offer) {
    Resources offered;
    try {
      offered = Resources.fromProto(offer.getResourcesList());
    } catch (InvalidResourcesException e) {
      decline(offer, REFUSE_WHEN_PLACED_SECONDS);
      return;
    }
    largestCpus = Math.max(largestCpus, offered.scalar("cpus"));
    largestMem = Math.max(largestMem, offered.scalar("mem"));
    List<RunTasks.Instance> waiting = tasks.unplaced(Integer.MAX_VALUE);
    if (group != null) {
      if (!waiting.isEmpty() && offered.contains(need)) {
        launchGroup(offer);
      } else {
        decline(offer, waiting.isEmpty() ? REFUSE_WHEN_PLACED_SECONDS : REFUSE_WHILE_PLACING_SECONDS);
      }
      suppressOncePlaced();
      return;
    }
    List<Resources> fits = waiting.isEmpty() ? List.of() : OfferFit.fit(offered, need, waiting.size());
    if (fits.isEmpty()) {
      decline(offer, waiting.isEmpty() ? REFUSE_WHEN_PLACED_SECONDS : REFUSE_WHILE_PLACING_SECONDS);
    } else {
      launch(offer, waiting.subList(0, fits.size()), fits);
    }
    suppressOncePlaced();
  }

  private void suppressOncePlaced() {
    if (tasks.unplacedCount() == 0 && !suppressed) {
      // Every instance has a place: no more offers, so other frameworks get them.
      suppressed = true;
      connection.call(Call.newBuilder().setType(Call.Type.SUPPRESS).setSuppress(Call.Suppress.getDefaultInstance()))
          .onFailure(error -> LOG.debug("suppress failed: {}", error.toString()));
    }
  }

  private void launch(Offer offer, List<RunTasks.Instance> instances, List<Resources> resources) {
    Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
    for (int i = 0; i < instances.size(); i++) {
      RunTasks.Instance instance = instances.get(i);
      tasks.placed(instance, offer.getAgentId().getValue(), offer.getHostname());
      launch.addTaskInfos(taskInfo(instance, offer.getAgentId(), resources.get(i)));
      printer.launched(instance);
    }
    accept(offer, Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch).build(), instances);
  }

  /** Launches the whole task group into {@code offer}, each task on the offer's agent. */
  private void launchGroup(Offer offer) {
    TaskGroupInfo.Builder placed = TaskGroupInfo.newBuilder();
    for (TaskInfo task : group.getTasksList()) {
      placed.addTasks(task.toBuilder().setAgentId(offer.getAgentId()));
    }
    List<RunTasks.Instance> instances = tasks.unplaced(Integer.MAX_VALUE);
    for (RunTasks.Instance instance : instances) {
      tasks.placed(instance, offer.getAgentId().getValue(), offer.getHostname());
      printer.launched(instance);
    }
    accept(offer, Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH_GROUP)
        .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(groupExecutor).setTaskGroup(placed))
        .build(), instances);
  }

  private void accept(Offer offer, Offer.Operation operation, List<RunTasks.Instance> instances) {
    Call.Builder accept = Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(operation)
        // What is left of the offer goes straight back: more instances may fit in it.
        .setFilters(Filters.newBuilder().setRefuseSeconds(0)));
    connection.call(accept).onFailure(error -> {
      if (finishing) {
        return;
      }
      if (error instanceof Refusal refusal && refusal.failure() == Failure.NOT_FOUND) {
        // The offer was rescinded before the launch reached it: place these again.
        instances.forEach(tasks::unplace);
        revive();
        return;
      }
      printer.warn("the master refused the launch: " + error.getMessage());
      finish(EXIT_FAILED, true);
    });
  }

  private TaskInfo taskInfo(RunTasks.Instance instance, AgentID agentId, Resources resources) {
    Environment.Builder environment = Environment.newBuilder();
    config.env().forEach((name, value) -> environment.addVariables(Environment.Variable.newBuilder().setName(name).setValue(value)));
    return TaskInfo.newBuilder()
        .setName(instance.taskId)
        .setTaskId(TaskID.newBuilder().setValue(instance.taskId))
        .setAgentId(agentId)
        .addAllResources(resources.toProto())
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(config.command()).setEnvironment(environment)
            .addAllUris(config.uris()))
        .build();
  }

  private void decline(Offer offer, double refuseSeconds) {
    connection.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
            .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds))))
        .onFailure(error -> LOG.debug("decline failed: {}", error.toString()));
  }

  private void revive() {
    if (suppressed) {
      suppressed = false;
      connection.call(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.getDefaultInstance()))
          .onFailure(error -> LOG.debug("revive failed: {}", error.toString()));
    }
  }

  private void onUpdate(TaskStatus status) {
    if (status.hasUuid()) {
      connection.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
              .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())))
          .onFailure(error -> LOG.debug("acknowledgement failed: {}", error.toString()));
    }
    RunTasks.Instance changed = tasks.update(status);
    if (changed == null) {
      return;
    }
    printer.status(changed, status);
    if (changed.ended() && RAN.contains(changed.state)) {
      outputs = outputs.compose(v -> showOutput(changed));
    }
    if (tasks.allEnded()) {
      outputs.onComplete(v -> {
        printer.info(tasks.summary());
        finish(tasks.anyFailed() ? EXIT_FAILED : EXIT_FINISHED, true);
      });
    } else if (detach && tasks.allStarted()) {
      outputs.onComplete(v -> detachOrFail());
    }
  }

  private Future<Void> showOutput(RunTasks.Instance instance) {
    if (outputUnavailable) {
      return Future.succeededFuture();
    }
    boolean header = tasks.size() > 1;
    return output.read(instance.taskId, "stdout")
        .compose(stdout -> {
          printer.output(instance, "stdout", stdout, header);
          return output.read(instance.taskId, "stderr");
        })
        .map(stderr -> {
          printer.output(instance, "stderr", stderr, header);
          return (Void) null;
        })
        .recover(error -> {
          outputUnavailable = true;
          printer.warn("cannot show the tasks' output: " + error.getMessage());
          return Future.succeededFuture();
        });
  }

  private void detachOrFail() {
    if (finishing) {
      return;
    }
    if (tasks.anyFailed()) {
      printer.info(tasks.summary());
      finish(EXIT_FAILED, true);
      return;
    }
    finishing = true;
    master.vertx().cancelTimer(ticker);
    List<RunTasks.Instance> all = tasks.all();
    String ids = all.get(0).taskId + (all.size() > 1 ? " ... " + all.get(all.size() - 1).taskId : "");
    printer.info("detached: " + tasks.summary() + " (" + ids + ") in framework " + connection.frameworkId().getValue()
        + "; they keep running after this command ends");
    printer.info("follow them with: mezzo tasks    mezzo logs " + all.get(0).taskId + " -f");
    connection.close();
    result.tryComplete(EXIT_FINISHED);
  }

  private void onStreamEnded(String why) {
    if (finishing) {
      return;
    }
    printer.warn(why != null ? why : "the master ended the subscription");
    finish(EXIT_FAILED, false);
  }

  /** Ends the run with {@code exitCode}, first tearing the framework down (killing its tasks) when asked. */
  private void finish(int exitCode, boolean teardown) {
    if (finishing) {
      return;
    }
    finishing = true;
    master.vertx().cancelTimer(ticker);
    Future<Void> down = Future.succeededFuture();
    if (teardown && subscribed) {
      down = connection.call(Call.newBuilder().setType(Call.Type.TEARDOWN))
          .timeout(TEARDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .recover(error -> {
            printer.warn("could not tear framework " + connection.frameworkId().getValue() + " down: " + error.getMessage());
            return Future.succeededFuture();
          });
    }
    down.onComplete(v -> {
      connection.close();
      result.tryComplete(exitCode);
    });
  }

  private String largestOffer() {
    if (largestCpus == 0 && largestMem == 0) {
      return " (no offer came)";
    }
    return " (offers held at most cpus:" + RunPrinter.number(largestCpus) + " and mem:" + RunPrinter.number(largestMem) + ")";
  }
}
