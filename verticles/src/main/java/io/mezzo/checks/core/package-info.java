/**
 * The pure core of task checks: when a task's health check and check run
 * ({@link io.mezzo.checks.core.CheckLoop}), what their results mean
 * ({@link io.mezzo.checks.core.HealthJudge}), and which status updates and kills follow
 * ({@link io.mezzo.checks.core.TaskCheckCore}). No Vert.x: the world is reached through
 * {@link io.mezzo.checks.core.CheckPort}, which the agent implements in {@code io.mezzo.checks}
 * and tests implement with a fake clock.
 */
package io.mezzo.checks.core;
