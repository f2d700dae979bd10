package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.v1.ExecutorInfo;

/**
 * An executor the master knows runs on an agent: a task group's default executor or a custom
 * executor (command executors are implicit, as in Mesos, and hold no resources of their
 * own). Its resources count as used on its agent until it exits.
 */
final class ExecutorEntry {
  final String frameworkId;
  final String executorId;
  final String agentId;
  final ExecutorInfo info;
  final Resources resources;

  ExecutorEntry(String agentId, ExecutorInfo info, Resources resources) {
    this.frameworkId = info.getFrameworkId().getValue();
    this.executorId = info.getExecutorId().getValue();
    this.agentId = agentId;
    this.info = info;
    this.resources = resources;
  }

  /** The key of an executor on its agent: executor IDs are unique per framework only. */
  static String key(String frameworkId, String executorId) {
    return frameworkId + "/" + executorId;
  }

  String key() {
    return key(frameworkId, executorId);
  }
}
