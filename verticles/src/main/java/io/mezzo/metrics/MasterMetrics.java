package io.mezzo.metrics;

import io.mezzo.bus.Failure;
import io.mezzo.v1.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters of a master node: its leadership ({@code mezzo_leader_*}), the state of the
 * cluster while it leads ({@code mezzo_master_*}, gauges over {@link MasterFigures}) and its
 * allocator ({@code mezzo_allocator_*}). Every tag comes from a closed set (task states,
 * resource kinds, failure codes), never from an ID, so the number of series is fixed
 * however many tasks, agents and frameworks come and go.
 *
 * <p>Counters and timers belong to the node, not to one leadership term, as Mesos's
 * counters belong to the master process: a node that leads again keeps counting.
 */
public final class MasterMetrics implements MasterRecorder, NodeMeters {
  /** Gauge, tag {@code state}: registered, unreachable, recovering. */
  public static final String AGENTS = "mezzo.master.agents";
  /** Gauge, tag {@code state}: connected, disconnected, completed. */
  public static final String FRAMEWORKS = "mezzo.master.frameworks";
  /** Gauge, tag {@code state}: each of {@link MasterFigures#TASK_GAUGE_STATES}. */
  public static final String TASKS = "mezzo.master.tasks";
  /** Counter, tag {@code state}: each terminal task state. */
  public static final String TASKS_ENDED = "mezzo.master.tasks.ended";
  /** Gauge, tags {@code resource} (cpus, mem, disk, gpus) and {@code state} (total, used, offered). */
  public static final String RESOURCES = "mezzo.master.resources";
  /** Gauge: offers outstanding. */
  public static final String OFFERS_OUTSTANDING = "mezzo.master.offers.outstanding";
  public static final String OFFERS_SENT = "mezzo.master.offers.sent";
  public static final String OFFERS_DECLINED = "mezzo.master.offers.declined";
  public static final String OFFERS_ACCEPTED = "mezzo.master.offers.accepted";
  public static final String OFFERS_RESCINDED = "mezzo.master.offers.rescinded";
  /** Counter, tags {@code api} and {@code reason} (the failure code). */
  public static final String CALLS_REJECTED = "mezzo.master.calls.rejected";
  /** Timer: from the ACCEPT that launched a task to its first TASK_RUNNING at the master. */
  public static final String LAUNCH_LATENCY = "mezzo.master.launch.latency";
  /** Time gauge: how long the current leadership term has lasted. */
  public static final String UPTIME = "mezzo.master.uptime";
  /** Timer: one allocation cycle of the allocator core. */
  public static final String ALLOCATION_CYCLE = "mezzo.allocator.cycle";
  /** Counter: offers (allocations) the allocator decided. */
  public static final String ALLOCATIONS = "mezzo.allocator.allocations";
  /** Gauge: 1 while this node leads, 0 otherwise. */
  public static final String ELECTED = "mezzo.leader.elected";
  /** Gauge: the epoch of this node's current term, -1 while it does not lead. */
  public static final String EPOCH = "mezzo.leader.epoch";
  /** Counter: leadership terms this node won. */
  public static final String ELECTIONS = "mezzo.leader.elections";
  /** Gauge: CP members the CP groups list, as this node last read them; 0 for a single master. */
  public static final String CP_MEMBERS = "mezzo.leader.cp.members";
  /** Gauge: 1 while the CP groups list this node as a member; 0 otherwise and for a single master. */
  public static final String CP_SEATED = "mezzo.leader.cp.seated";

  static final String STATE = "state";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /**
   * Held here, never only by a gauge: Micrometer keeps a gauge's state object weakly, so a
   * gauge over a lambda nobody else holds reads NaN after the next GC.
   */
  private final LongSupplier epoch;
  private volatile IntSupplier cpMembers = () -> 0;
  private volatile BooleanSupplier cpSeated = () -> false;
  private final Supplier<Future<MasterFigures>> source;
  private volatile MasterFigures figures = MasterFigures.NONE;
  private final EndedTasks ended;
  private final Counter offersSent;
  private final Counter offersDeclined;
  private final Counter offersAccepted;
  private final Counter offersRescinded;
  private final Counter elections;
  private final Counter allocations;
  private final Timer allocationCycle;
  private final Timer launchLatency;

  /**
   * @param epoch the epoch of the node's current term, -1 while it does not lead
   * @param source the figures of the node's current term, taken on the master's event loop;
   *     may fail while the node does not lead
   */
  public MasterMetrics(LongSupplier epoch, Supplier<Future<MasterFigures>> source) {
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.source = Objects.requireNonNull(source, "source");
    // Every gauge's state object is this instance, which its node holds for its lifetime.
    Gauge.builder(ELECTED, this, m -> m.epoch.getAsLong() >= 0 ? 1 : 0)
        .description("1 while this master node leads").register(registry);
    Gauge.builder(EPOCH, this, m -> m.epoch.getAsLong())
        .description("Epoch of this node's leadership term, -1 while it does not lead").register(registry);
    Gauge.builder(CP_MEMBERS, this, m -> m.cpMembers.getAsInt())
        .description("CP members the CP groups list, as this node last read them").register(registry);
    Gauge.builder(CP_SEATED, this, m -> m.cpSeated.getAsBoolean() ? 1 : 0)
        .description("1 while the CP groups list this node as a member").register(registry);
    elections = Counter.builder(ELECTIONS).description("Leadership terms this node won").register(registry);

    gauge(AGENTS, "Agents known to the leader", Tags.of(STATE, "registered"), f -> f.agents().registered());
    gauge(AGENTS, "Agents known to the leader", Tags.of(STATE, "unreachable"), f -> f.agents().unreachable());
    gauge(AGENTS, "Agents known to the leader", Tags.of(STATE, "recovering"), f -> f.agents().recovering());
    gauge(FRAMEWORKS, "Frameworks known to the leader", Tags.of(STATE, "connected"), f -> f.frameworks().connected());
    gauge(FRAMEWORKS, "Frameworks known to the leader", Tags.of(STATE, "disconnected"),
        f -> f.frameworks().disconnected());
    gauge(FRAMEWORKS, "Frameworks known to the leader", Tags.of(STATE, "completed"), f -> f.frameworks().completed());
    for (TaskState state : MasterFigures.TASK_GAUGE_STATES) {
      gauge(TASKS, "Tasks the leader tracks, by state", Tags.of(STATE, MetricTags.state(state)), f -> f.tasks(state));
    }
    ended = new EndedTasks(registry, TASKS_ENDED, "Tasks that reached a terminal state, by state");
    for (String resource : MasterFigures.RESOURCES) {
      String help = "Scalar resources of reachable agents (cpus in cores, mem and disk in MB)";
      gauge(RESOURCES, help, Tags.of("resource", resource, STATE, "total"), f -> f.resource(resource).total());
      gauge(RESOURCES, help, Tags.of("resource", resource, STATE, "used"), f -> f.resource(resource).used());
      gauge(RESOURCES, help, Tags.of("resource", resource, STATE, "offered"), f -> f.resource(resource).offered());
    }
    gauge(OFFERS_OUTSTANDING, "Offers sent and not yet used, declined or rescinded", Tags.empty(),
        MasterFigures::offersOutstanding);
    TimeGauge.builder(UPTIME, this, TimeUnit.MILLISECONDS, m -> m.uptimeMillis())
        .description("How long this node has led, in its current term").register(registry);

    offersSent = Counter.builder(OFFERS_SENT).description("Offers sent to frameworks").register(registry);
    offersDeclined = Counter.builder(OFFERS_DECLINED).description("Offers declined by frameworks").register(registry);
    offersAccepted = Counter.builder(OFFERS_ACCEPTED).description("Offers used by ACCEPT calls").register(registry);
    offersRescinded = Counter.builder(OFFERS_RESCINDED).description("Offers withdrawn by the master").register(registry);
    launchLatency = Timer.builder(LAUNCH_LATENCY)
        .description("From the ACCEPT that launched a task to its first TASK_RUNNING at the master")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
    allocationCycle = Timer.builder(ALLOCATION_CYCLE)
        .description("Time the allocator core takes for one allocation cycle")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    allocations = Counter.builder(ALLOCATIONS).description("Allocations (offers) decided by the allocator")
        .register(registry);
  }

  private void gauge(String name, String help, Tags tags, ToDoubleFunction<MasterFigures> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.figures)).description(help).tags(tags).register(registry);
  }

  private double uptimeMillis() {
    long start = figures.termStartMillis();
    return start == 0 ? 0 : Math.max(0, System.currentTimeMillis() - start);
  }

  /** Reports this node's CP seat: the CP members listed (-1 unknown) and whether it is one. */
  public void cpSeat(IntSupplier members, BooleanSupplier seated) {
    this.cpMembers = Objects.requireNonNull(members, "members");
    this.cpSeated = Objects.requireNonNull(seated, "seated");
  }

  @Override
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public Future<Void> refresh() {
    Future<MasterFigures> taken;
    try {
      taken = source.get();
    } catch (RuntimeException e) {
      taken = Future.failedFuture(e);
    }
    return taken.otherwise(MasterFigures.NONE).map(now -> {
      figures = now;
      return null;
    });
  }

  /** The figures the gauges showed at the last {@link #refresh()}. */
  public MasterFigures figures() {
    return figures;
  }

  @Override
  public void allocationCycle(long nanos, int offers) {
    allocationCycle.record(nanos, TimeUnit.NANOSECONDS);
    allocations.increment(offers);
  }

  @Override
  public void launchLatency(long nanos) {
    launchLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void taskEnded(TaskState state) {
    ended.increment(state);
  }

  @Override
  public void offersSent(int count) {
    offersSent.increment(count);
  }

  @Override
  public void offerDeclined() {
    offersDeclined.increment();
  }

  @Override
  public void offerAccepted() {
    offersAccepted.increment();
  }

  @Override
  public void offerRescinded() {
    offersRescinded.increment();
  }

  @Override
  public void callRejected(Api api, Failure failure) {
    // At most 4 APIs x 7 failure codes: created on first use, then found by Micrometer.
    Counter.builder(CALLS_REJECTED).description("Calls the master refused, by API and failure code")
        .tag("api", MetricTags.api(api)).tag("reason", MetricTags.failure(failure))
        .register(registry).increment();
  }

  @Override
  public void elected() {
    elections.increment();
  }
}
