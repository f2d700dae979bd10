package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.internal.AgentRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the master knows of one agent. Mutated only through {@link MasterState}. */
final class AgentEntry {
  final String id;
  AgentInfo info;
  String version;
  Resources total;
  /** Held by the agent's tasks that have not reached a terminal state, and its executors. */
  Resources used = Resources.empty();
  /** Held by outstanding offers. */
  Resources offered = Resources.empty();
  boolean reachable = true;
  /**
   * Known from the replicated state of an earlier leader, not yet re-registered with this
   * one: its tasks are taken as they were, its resources are not offered.
   */
  boolean recovered;
  /** When a recovered agent is marked unreachable unless it re-registers first; -1 for none. */
  long reregisterTimer = -1;
  long registeredMillis;
  long reregisteredMillis;
  long unreachableMillis;
  int missedPings;
  boolean pingInFlight;
  final Map<String, OfferEntry> offers = new LinkedHashMap<>();
  /** Non-terminal tasks, by framework then task ID. */
  final Map<TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
  /** Running executors with resources of their own, by {@link ExecutorEntry#key}. */
  final Map<String, ExecutorEntry> executors = new LinkedHashMap<>();

  AgentEntry(String id, AgentInfo info, Resources total) {
    this.id = id;
    this.info = info;
    this.total = total;
  }

  Resources idle() {
    return total.minus(used).minus(offered);
  }

  /** What the replicated state keeps of this agent, its executors included. */
  AgentRecord record() {
    AgentRecord.Builder record = AgentRecord.newBuilder();
    executors.values().forEach(executor -> record.addExecutors(executor.info));
    return record
        .setInfo(info)
        .setVersion(version == null ? "" : version)
        .setRegisteredMillis(registeredMillis)
        .setReregisteredMillis(reregisteredMillis)
        // A recovered agent was reachable for the last leader that heard from it.
        .setReachable(reachable || recovered)
        .setUnreachableMillis(unreachableMillis)
        .build();
  }
}
