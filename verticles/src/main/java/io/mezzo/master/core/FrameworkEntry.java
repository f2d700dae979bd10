package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.FrameworkRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the master knows of one framework. Mutated only through {@link MasterState}. */
final class FrameworkEntry {
  final String id;
  FrameworkInfo info;
  /** Changed only by UPDATE_FRAMEWORK, while the framework holds nothing in its old role. */
  String role;
  /** The subscription stream events go to; null while disconnected. */
  String streamId;
  boolean suppressed;
  /** Torn down or timed out: kept only to be shown and to retire its ID. */
  boolean removed;
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
  /**
   * Resources held per agent. They are kept apart because ranges and sets of different
   * agents (two agents' ports 31000-32000) cannot be added up and taken apart again.
   */
  final Map<String, Resources> usedByAgent = new LinkedHashMap<>();
  final Map<String, Resources> offeredByAgent = new LinkedHashMap<>();

  FrameworkEntry(String id, FrameworkInfo info, String role) {
    this.id = id;
    this.info = info;
    this.role = role;
  }

  /** What the framework's tasks hold, summed over agents: for display, not for bookkeeping. */
  Resources used() {
    return sum(usedByAgent);
  }

  /** What the framework's offers hold, summed over agents: for display, not for bookkeeping. */
  Resources offered() {
    return sum(offeredByAgent);
  }

  /** Adds {@code resources} on {@code agentId} to a per-agent account. */
  static void add(Map<String, Resources> account, String agentId, Resources resources) {
    account.merge(agentId, resources, Resources::plus);
  }

  /** Takes {@code resources} on {@code agentId} out of a per-agent account. */
  static void subtract(Map<String, Resources> account, String agentId, Resources resources) {
    Resources left = account.getOrDefault(agentId, Resources.empty()).minus(resources);
    if (left.isEmpty()) {
      account.remove(agentId);
    } else {
      account.put(agentId, left);
    }
  }

  private static Resources sum(Map<String, Resources> account) {
    Resources.Builder total = Resources.builder();
    account.values().forEach(total::add);
    return total.build();
  }

  boolean connected() {
    return streamId != null;
  }

  boolean partitionAware() {
    return info.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  /** What the replicated state keeps of this framework. */
  FrameworkRecord record() {
    return FrameworkRecord.newBuilder()
        .setInfo(info)
        .setRole(role)
        .setSuppressed(suppressed)
        .setRegisteredMillis(registeredMillis)
        .setReregisteredMillis(reregisteredMillis)
        .setRemoved(removed)
        .setUnregisteredMillis(unregisteredMillis)
        .build();
  }
}
