package io.mezzo.metrics;

import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** A counter of tasks that ended, one series per terminal state (the {@code state} tag). */
final class EndedTasks {
  private final Map<TaskState, Counter> counters = new EnumMap<>(TaskState.class);

  EndedTasks(MeterRegistry registry, String name, String description) {
    for (TaskState state : TaskState.values()) {
      if (TaskStates.isTerminal(state)) {
        counters.put(state, Counter.builder(name).description(description)
            .tag(MasterMetrics.STATE, MetricTags.state(state)).register(registry));
      }
    }
  }

  /** Counts a task that ended in {@code state}; a state that is not terminal counts nowhere. */
  void increment(TaskState state) {
    Counter counter = counters.get(state);
    if (counter != null) {
      counter.increment();
    }
  }
}
