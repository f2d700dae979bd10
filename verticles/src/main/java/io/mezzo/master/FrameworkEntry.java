package io.mezzo.master;

import io.mezzo.model.Resources;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the master knows of one framework. Mutated only through {@link MasterState}. */
final class FrameworkEntry {
  final String id;
  FrameworkInfo info;
  final String role;
  /** The subscription stream events go to; null while disconnected. */
  String streamId;
  boolean suppressed;
  long registeredMillis;
  long reregisteredMillis;
  long unregisteredMillis;
  /** The timer that removes the framework when its failover timeout ends; -1 when none. */
  long failoverTimer = -1;
  boolean heartbeatInFlight;
  /**
   * Launched tasks, terminal ones included until the framework acknowledges their terminal
   * update, as Mesos keeps them.
   */
  final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
  /** Tasks on unreachable agents, for partition-aware frameworks. */
  final Map<String, TaskEntry> unreachableTasks = new LinkedHashMap<>();
  final Deque<Task> completedTasks = new ArrayDeque<>();
  final Map<String, OfferEntry> offers = new LinkedHashMap<>();
  Resources used = Resources.empty();
  Resources offered = Resources.empty();

  FrameworkEntry(String id, FrameworkInfo info, String role) {
    this.id = id;
    this.info = info;
    this.role = role;
  }

  boolean connected() {
    return streamId != null;
  }

  boolean partitionAware() {
    return info.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }
}
