package io.mezzo.master;

import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Vertx;

/**
 * What the master's parts share: configuration, state, the outbox, the leader's identity
 * and the ID counters. One per leadership term, confined to the master's event loop.
 */
final class MasterContext {
  final Vertx vertx;
  final MasterConfig config;
  final MasterState state;
  final Outbox outbox;
  final MasterInfo masterInfo;
  final MasterRecorder recorder;
  final long epoch;
  final long startMillis;
  private long frameworkSequence;
  private long offerSequence;

  MasterContext(Vertx vertx, MasterConfig config, MasterInfo masterInfo, long epoch,
      java.util.function.BooleanSupplier leading, MasterRecorder recorder) {
    this.vertx = vertx;
    this.config = config;
    this.masterInfo = masterInfo;
    this.recorder = recorder;
    this.epoch = epoch;
    this.state = new MasterState(config.maxCompletedTasksPerFramework(), config.maxCompletedFrameworks(), recorder);
    this.outbox = new Outbox(vertx.eventBus(), epoch, leading);
    this.startMillis = System.currentTimeMillis();
  }

  long nowMillis() {
    return System.currentTimeMillis();
  }

  /** A new framework ID: the master's ID and a sequence number, as Mesos forms them. */
  String nextFrameworkId() {
    return masterInfo.getId() + "-" + String.format("%04d", frameworkSequence++);
  }

  String nextOfferId() {
    return masterInfo.getId() + "-O" + offerSequence++;
  }
}
