package io.mezzo.master.http;

import io.mezzo.master.validation.OperatorCalls;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.node.LogVerbosity;
import io.mezzo.v1.Metric;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The operator calls about the leading master's node rather than its state: its metrics,
 * its logging level and its files. The node answers them itself, as a Mesos master does,
 * so they never travel to the master verticle.
 */
public final class NodeCalls {
  /** How long GET_METRICS waits for fresh figures when the call sets no timeout. */
  static final Duration DEFAULT_METRICS_TIMEOUT = Duration.ofSeconds(5);

  /** The calls answered here. */
  public static final Set<Call.Type> TYPES = Set.of(Call.Type.GET_METRICS, Call.Type.GET_LOGGING_LEVEL,
      Call.Type.SET_LOGGING_LEVEL, Call.Type.LIST_FILES, Call.Type.READ_FILE);

  private final Vertx vertx;
  private final NodeMeters meters;
  private final MasterFiles files;

  public NodeCalls(Vertx vertx, NodeMeters meters, MasterFiles files) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * Answers {@code call}, one of {@link #TYPES}; SET_LOGGING_LEVEL answers null (an empty 200).
   *
   * @throws io.mezzo.bus.Refusal when the call is malformed
   */
  public Future<Response> handle(Call call) {
    OperatorCalls.check(call);
    return switch (call.getType()) {
      case GET_METRICS -> metrics(call.getGetMetrics());
      case GET_LOGGING_LEVEL -> Future.succeededFuture(Response.newBuilder()
          .setType(Response.Type.GET_LOGGING_LEVEL)
          .setGetLoggingLevel(Response.GetLoggingLevel.newBuilder().setLevel(LogVerbosity.level()))
          .build());
      case SET_LOGGING_LEVEL -> {
        Call.SetLoggingLevel set = call.getSetLoggingLevel();
        LogVerbosity.set(vertx, set.getLevel(), Duration.ofNanos(set.getDuration().getNanoseconds()));
        yield Future.succeededFuture(null);
      }
      case LIST_FILES -> files.list(call.getListFiles().getPath());
      case READ_FILE -> files.read(call.getReadFile());
      default -> throw new IllegalArgumentException("not a node call: " + call.getType());
    };
  }

  /**
   * The figures of {@code /metrics/snapshot}, brought up to date first for at most the
   * call's timeout; past it, the figures of the last refresh are answered, as Mesos answers
   * what it could collect in time.
   */
  private Future<Response> metrics(Call.GetMetrics call) {
    Duration timeout = call.hasTimeout() ? Duration.ofNanos(call.getTimeout().getNanoseconds()) : DEFAULT_METRICS_TIMEOUT;
    return meters.refresh()
        .timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
        .otherwiseEmpty()
        .map(v -> {
          JsonObject snapshot = MetricsSnapshot.leader(meters.registry());
          Response.GetMetrics.Builder metrics = Response.GetMetrics.newBuilder();
          new TreeMap<>(snapshot.getMap()).forEach((name, value) -> {
            if (value instanceof Number number) {
              metrics.addMetrics(Metric.newBuilder().setName(name).setValue(number.doubleValue()));
            }
          });
          return Response.newBuilder().setType(Response.Type.GET_METRICS).setGetMetrics(metrics).build();
        });
  }
}
