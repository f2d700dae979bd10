package io.mezzo.master.http;

import static io.mezzo.metrics.MasterMetrics.AGENTS;
import static io.mezzo.metrics.MasterMetrics.ALLOCATION_CYCLE;
import static io.mezzo.metrics.MasterMetrics.CALLS_REJECTED;
import static io.mezzo.metrics.MasterMetrics.ELECTED;
import static io.mezzo.metrics.MasterMetrics.EPOCH;
import static io.mezzo.metrics.MasterMetrics.FRAMEWORKS;
import static io.mezzo.metrics.MasterMetrics.LAUNCH_LATENCY;
import static io.mezzo.metrics.MasterMetrics.OFFERS_ACCEPTED;
import static io.mezzo.metrics.MasterMetrics.OFFERS_DECLINED;
import static io.mezzo.metrics.MasterMetrics.OFFERS_OUTSTANDING;
import static io.mezzo.metrics.MasterMetrics.OFFERS_RESCINDED;
import static io.mezzo.metrics.MasterMetrics.OFFERS_SENT;
import static io.mezzo.metrics.MasterMetrics.RESOURCES;
import static io.mezzo.metrics.MasterMetrics.TASKS;
import static io.mezzo.metrics.MasterMetrics.TASKS_ENDED;
import static io.mezzo.metrics.MasterMetrics.UPTIME;

import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MetricTags;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@code /metrics/snapshot}: Mesos's flat {@code {"master/name": number}} map,
 * read from the master node's meters, so it always says what {@code /metrics} says. The
 * registry must have been refreshed just before.
 *
 * <p>As in Mesos, task states a task stays in ({@code tasks_running}) are counts of now, and
 * terminal ones ({@code tasks_finished}) count every task that ended since this node started.
 */
public final class MetricsSnapshot {
  private MetricsSnapshot() {}

  /** The snapshot of a master that does not lead: Mesos's standbys report only this. */
  public static JsonObject standby() {
    return new JsonObject().put("master/elected", 0);
  }

  /** The leader's snapshot, from its refreshed registry. */
  public static JsonObject leader(MeterRegistry registry) {
    Reader meters = new Reader(registry);
    JsonObject json = new JsonObject()
        .put("master/elected", meters.count(ELECTED))
        .put("master/epoch", meters.count(EPOCH))
        .put("master/uptime_secs", Math.round(registry.get(UPTIME).timeGauge().value(TimeUnit.SECONDS) * 1000) / 1000.0);
    long registered = meters.count(AGENTS, "registered");
    long unreachable = meters.count(AGENTS, "unreachable");
    long inactive = unreachable + meters.count(AGENTS, "recovering");
    json.put("master/slaves_active", registered)
        .put("master/slaves_inactive", inactive)
        .put("master/slaves_connected", registered)
        .put("master/slaves_disconnected", inactive)
        .put("master/slaves_unreachable", unreachable);
    for (String resource : MasterFigures.RESOURCES) {
      double total = meters.resource(resource, "total");
      double used = meters.resource(resource, "used");
      json.put("master/" + resource + "_total", total)
          .put("master/" + resource + "_used", used)
          .put("master/" + resource + "_offered", meters.resource(resource, "offered"))
          .put("master/" + resource + "_percent", total == 0 ? 0.0 : used / total);
    }
    long connected = meters.count(FRAMEWORKS, "connected");
    long disconnected = meters.count(FRAMEWORKS, "disconnected");
    json.put("master/frameworks_active", connected)
        .put("master/frameworks_inactive", disconnected)
        .put("master/frameworks_connected", connected)
        .put("master/frameworks_disconnected", disconnected)
        .put("master/frameworks_completed", meters.count(FRAMEWORKS, "completed"));
    for (TaskState state : TaskState.values()) {
      String tag = MetricTags.state(state);
      json.put("master/tasks_" + tag,
          TaskStates.isTerminal(state) ? meters.counter(TASKS_ENDED, tag) : meters.count(TASKS, tag));
    }
    json.put("master/outstanding_offers", meters.count(OFFERS_OUTSTANDING))
        .put("master/offers_sent", meters.counter(OFFERS_SENT))
        .put("master/offers_accepted", meters.counter(OFFERS_ACCEPTED))
        .put("master/offers_declined", meters.counter(OFFERS_DECLINED))
        .put("master/offers_rescinded", meters.counter(OFFERS_RESCINDED))
        .put("master/invalid_calls", meters.rejected("bad_request"))
        .put("master/calls_rejected", meters.rejected(null));
    timer(json, "allocator/allocation_runs", "allocator/allocation_run_ms", registry.get(ALLOCATION_CYCLE).timer());
    timer(json, "master/task_launches_measured", "master/task_launch_latency_ms", registry.get(LAUNCH_LATENCY).timer());
    return json;
  }

  /** A timer as Mesos reports one: how many, and their mean and (recent) maximum in milliseconds. */
  private static void timer(JsonObject json, String countName, String msName, Timer timer) {
    json.put(countName, timer.count())
        .put(msName, Math.round(timer.mean(TimeUnit.MICROSECONDS)) / 1000.0)
        .put(msName + "/max", Math.round(timer.max(TimeUnit.MICROSECONDS)) / 1000.0);
  }

  /** Looks meters up by name and {@code state} tag. */
  private record Reader(MeterRegistry registry) {
    long count(String name) {
      return Math.round(registry.get(name).gauge().value());
    }

    long count(String name, String state) {
      return Math.round(registry.get(name).tag("state", state).gauge().value());
    }

    double resource(String resource, String state) {
      return registry.get(RESOURCES).tag("resource", resource).tag("state", state).gauge().value();
    }

    long counter(String name) {
      return Math.round(registry.get(name).counter().count());
    }

    long counter(String name, String state) {
      return Math.round(registry.get(name).tag("state", state).counter().count());
    }

    /** Calls refused for {@code reason} (null: for any reason), over every API. */
    long rejected(String reason) {
      double sum = 0;
      var search = registry.find(CALLS_REJECTED);
      for (Counter counter : (reason == null ? search : search.tag("reason", reason)).counters()) {
        sum += counter.count();
      }
      return Math.round(sum);
    }
  }
}
