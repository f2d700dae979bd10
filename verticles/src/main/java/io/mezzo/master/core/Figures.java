package io.mezzo.master.core;

import io.mezzo.metrics.MasterFigures;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskState;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the master's state into {@link MasterFigures}: one pass over agents, frameworks and
 * tasks, on the master's event loop. Pure.
 */
final class Figures {
  private Figures() {}

  static MasterFigures of(MasterContext context) {
    return of(context.state, context.startMillis);
  }

  static MasterFigures of(MasterState state, long termStartMillis) {
    int registered = 0;
    int unreachable = 0;
    int recovering = 0;
    long[][] amounts = new long[MasterFigures.RESOURCES.size()][3];
    for (AgentEntry agent : state.agents()) {
      if (agent.recovered) {
        recovering++;
      } else if (!agent.reachable) {
        unreachable++;
      } else {
        registered++;
        // Only a reachable agent's resources can be used or offered, as in Mesos.
        add(amounts, 0, agent.total);
        add(amounts, 1, agent.used);
        add(amounts, 2, agent.offered);
      }
    }
    int connected = 0;
    Map<TaskState, Integer> tasks = new EnumMap<>(TaskState.class);
    for (FrameworkEntry framework : state.frameworks()) {
      connected += framework.connected() ? 1 : 0;
      count(tasks, framework.tasks.values());
      count(tasks, framework.unreachableTasks.values());
    }
    Map<String, MasterFigures.Resource> resources = new HashMap<>();
    for (int i = 0; i < MasterFigures.RESOURCES.size(); i++) {
      long[] amount = amounts[i];
      resources.put(MasterFigures.RESOURCES.get(i),
          new MasterFigures.Resource(amount[0] / 1000.0, amount[1] / 1000.0, amount[2] / 1000.0));
    }
    return new MasterFigures(
        new MasterFigures.Agents(registered, unreachable, recovering),
        new MasterFigures.Frameworks(connected, state.frameworks().size() - connected, state.completedFrameworks().size()),
        tasks, resources, state.offerCount(), termStartMillis);
  }

  /** Adds the scalar amounts (thousandths) of {@code resources} to column {@code column}. */
  private static void add(long[][] amounts, int column, Resources resources) {
    Map<String, Long> quantities = resources.scalarQuantities();
    for (int i = 0; i < MasterFigures.RESOURCES.size(); i++) {
      amounts[i][column] += quantities.getOrDefault(MasterFigures.RESOURCES.get(i), 0L);
    }
  }

  /** Counts tasks that have not ended; those that did are counted as they end. */
  private static void count(Map<TaskState, Integer> tasks, Iterable<TaskEntry> entries) {
    for (TaskEntry entry : entries) {
      TaskState state = entry.state();
      if (!TaskStates.isTerminal(state)) {
        tasks.merge(state, 1, Integer::sum);
      }
    }
  }
}
