package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.scheduler.Event;

/**
 * What the master's parts share: configuration, state, the port, the leader's identity
 * and the ID counters. One per leadership term, confined to the thread that runs the core.
 */
final class MasterContext {
  final CoreConfig config;
  final MasterState state;
  final MasterPort port;
  final MasterInfo masterInfo;
  final MasterRecorder recorder;
  final long startMillis;
  private long frameworkSequence;
  private long offerSequence;

  MasterContext(CoreConfig config, MasterInfo masterInfo, MasterPort port, MasterRecorder recorder) {
    this.config = config;
    this.masterInfo = masterInfo;
    this.port = port;
    this.recorder = recorder;
    this.state = new MasterState(config.maxCompletedTasksPerFramework(), config.maxCompletedFrameworks(), recorder);
    this.startMillis = port.nowMillis();
  }

  long nowMillis() {
    return port.nowMillis();
  }

  /** Sends an event to the framework's current stream; dropped when it is disconnected. */
  void toFramework(FrameworkEntry framework, Event event) {
    if (framework.connected()) {
      port.send(Addresses.scheduler(framework.streamId), event);
    }
  }

  /** Sends an event to an agent. */
  void toAgent(String agentId, AgentEvent event) {
    port.send(Addresses.agent(agentId), event);
  }

  /** A new framework ID: the master's ID and a sequence number, as Mesos forms them. */
  String nextFrameworkId() {
    return masterInfo.getId() + "-" + String.format("%04d", frameworkSequence++);
  }

  String nextOfferId() {
    return masterInfo.getId() + "-O" + offerSequence++;
  }
}
