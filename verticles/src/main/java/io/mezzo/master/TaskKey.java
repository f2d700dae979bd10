package io.mezzo.master;

/** A task's identity: task IDs are unique only within their framework. */
record TaskKey(String frameworkId, String taskId) {}
