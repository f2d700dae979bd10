package io.mezzo.master.core;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the master's core reads of the master's configuration. The shell's {@code MasterConfig}
 * implements it, so each setting is read, defaulted and checked in one place; the core sees
 * no JSON and no file.
 */
public interface CoreConfig {
  /** How often the master pings each agent; also how long it waits for each answer. */
  Duration agentPingInterval();

  /** Pings an agent may miss in a row before it is marked unreachable. */
  int maxMissedPings();

  /** How long a new leader waits for an agent of the replicated state to re-register. */
  Duration agentReregisterTimeout();

  /** How often subscribed schedulers get a HEARTBEAT they must answer. */
  Duration heartbeatInterval();

  /** Role weights for DRF, as operators see them; roles not listed weigh 1. */
  Map<String, Double> weights();

  /** Completed tasks kept per framework for the state view. */
  int maxCompletedTasksPerFramework();

  /** Removed frameworks kept for the state view. */
  int maxCompletedFrameworks();

  /** Registered frameworks the master takes at most; a new SUBSCRIBE beyond it is refused. */
  int maxFrameworks();

  /** Every setting by its config key and in its config syntax, as the operator API's GET_FLAGS lists them. */
  SortedMap<String, String> flags();
}
