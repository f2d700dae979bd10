package io.mezzo.agent.isolation;

import io.mezzo.v1.TaskStatus;

/**
 * An executor run went over one of its limits, as Mesos's isolators report it: the reason
 * the task ends with, the message, and the resource (as Resource text, e.g. {@code mem:32}).
 */
public record Limitation(TaskStatus.Reason reason, String message, String resource) {}
