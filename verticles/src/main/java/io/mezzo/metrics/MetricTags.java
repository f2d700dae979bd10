package io.mezzo.metrics;

import io.mezzo.bus.Failure;
import io.mezzo.v1.TaskState;
import java.util.Locale;

/** Tag values shared by the metrics of every room: lower-case names from closed enums only. */
public final class MetricTags {
  private MetricTags() {}

  /** {@code TASK_GONE_BY_OPERATOR} becomes {@code gone_by_operator}, as Mesos names its task metrics. */
  public static String state(TaskState state) {
    return state.name().substring("TASK_".length()).toLowerCase(Locale.ROOT);
  }

  /** {@code BAD_REQUEST} becomes {@code bad_request}. */
  public static String failure(Failure failure) {
    return failure.name().toLowerCase(Locale.ROOT);
  }

  /** {@code SCHEDULER} becomes {@code scheduler}. */
  public static String api(MasterRecorder.Api api) {
    return api.name().toLowerCase(Locale.ROOT);
  }
}
