package io.mezzo.metrics;

import io.mezzo.v1.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The meters of an agent node ({@code mezzo_agent_*}). Tags are task states only: the
 * agent's ID is what a scrape target is labelled with, not a tag of its series.
 */
public final class AgentMetrics implements AgentRecorder, NodeMeters {
  /** Gauge: 1 while the agent is registered with a master. */
  public static final String REGISTERED = "mezzo.agent.registered";
  /** Gauge, tag {@code state}: the agent's tasks that have not ended. */
  public static final String TASKS = "mezzo.agent.tasks";
  /** Counter: tasks the agent took to launch. */
  public static final String TASKS_LAUNCHED = "mezzo.agent.tasks.launched";
  /** Counter, tag {@code state}: tasks that ended, by terminal state. */
  public static final String TASKS_ENDED = "mezzo.agent.tasks.ended";
  /** Gauge: status updates not yet acknowledged by their framework. */
  public static final String UPDATES_PENDING = "mezzo.agent.status.updates.pending";
  /** Counter: status updates sent to the master, first sends and resends. */
  public static final String UPDATES_SENT = "mezzo.agent.status.updates.sent";
  /** Counter: resends of unacknowledged status updates. */
  public static final String UPDATES_RETRIED = "mezzo.agent.status.updates.retried";
  /** Counter: messages dropped because they came from a deposed master. */
  public static final String STALE_MESSAGES = "mezzo.agent.stale.messages.dropped";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Supplier<AgentFigures> source;
  private volatile AgentFigures figures = AgentFigures.NONE;
  private final EndedTasks ended;
  private final Counter launched;
  private final Counter sent;
  private final Counter retried;
  private final Counter stale;

  /** @param source the agent's figures; called on the agent's event loop by {@link #refresh()} */
  public AgentMetrics(Supplier<AgentFigures> source) {
    this.source = Objects.requireNonNull(source, "source");
    Gauge.builder(REGISTERED, this, m -> m.figures.registered() ? 1 : 0)
        .description("1 while the agent is registered with a master").register(registry);
    for (TaskState state : AgentFigures.TASK_GAUGE_STATES) {
      Gauge.builder(TASKS, this, m -> m.figures.tasks(state)).description("The agent's tasks that have not ended")
          .tag(MasterMetrics.STATE, MetricTags.state(state)).register(registry);
    }
    ended = new EndedTasks(registry, TASKS_ENDED, "The agent's tasks that ended, by state");
    Gauge.builder(UPDATES_PENDING, this, m -> m.figures.statusUpdatesPending())
        .description("Status updates not yet acknowledged by their framework").register(registry);
    launched = Counter.builder(TASKS_LAUNCHED).description("Tasks the agent took to launch").register(registry);
    sent = Counter.builder(UPDATES_SENT).description("Status updates sent to the master, resends included")
        .register(registry);
    retried = Counter.builder(UPDATES_RETRIED).description("Resends of unacknowledged status updates")
        .register(registry);
    stale = Counter.builder(STALE_MESSAGES).description("Messages dropped because a deposed master sent them")
        .register(registry);
  }

  @Override
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Call on the agent's event loop, where its state may be read. */
  @Override
  public Future<Void> refresh() {
    figures = source.get();
    return Future.succeededFuture();
  }

  @Override
  public void taskLaunched() {
    launched.increment();
  }

  @Override
  public void taskEnded(TaskState state) {
    ended.increment(state);
  }

  @Override
  public void statusUpdateSent(boolean retry) {
    sent.increment();
    if (retry) {
      retried.increment();
    }
  }

  @Override
  public void staleMessageDropped() {
    stale.increment();
  }
}
