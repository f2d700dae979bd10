package io.mezzo.master.core;

/** A task's identity: task IDs are unique only within their framework. */
public record TaskKey(String frameworkId, String taskId) {}
