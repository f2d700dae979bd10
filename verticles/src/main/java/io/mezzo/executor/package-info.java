/**
 * The command executor: runs a task's shell command as OS processes for the agent.
 *
 * <p>Process layout of one task, all in its sandbox directory:
 *
 * <pre>
 * agent JVM
 *  `- mezzo-monitor (sh, session and group of its own; monitor.sh)   .mezzo/monitor.log
 *      `- task shell: sh -c COMMAND (PID = process group = session)  stdout, stderr
 *          `- whatever the command starts, in the same group
 * </pre>
 *
 * <p>Before it runs any of the task's code, the task shell takes its {@link
 * io.mezzo.executor.Confinement}: it joins the run's cgroups, sets rlimits and execs the
 * command through setpriv as the task's user (docs/isolation.md).
 *
 * <p>The monitor waits for the task shell, SIGKILLs what is left of its group and writes
 * {@code .mezzo/exit_status}. Killing a task signals its whole group. Nothing here blocks
 * an event loop: process and file work runs on Vert.x worker threads.
 *
 * <p>The monitor outlives the agent JVM, so an agent restarted on the same work dir takes
 * its tasks back with {@link io.mezzo.executor.CommandExecutor#reattach} (from the monitor's
 * checkpointed PID and start time, refusing a reused PID), reads the outcome of a task that
 * ended meanwhile with {@link io.mezzo.executor.CommandExecutor#recordedExit}, and kills a
 * task it cannot watch with {@link io.mezzo.executor.CommandExecutor#killStray}.
 */
package io.mezzo.executor;
