/**
 * The agent's fetcher: a task's {@code CommandInfo.uris} put into its sandbox before it
 * starts (downloads, local copies, archives unpacked safely, the per-agent cache).
 * {@link io.mezzo.agent.fetcher.Fetcher} is the room's door; the launch path calls
 * {@code fetch(uris, sandbox)} once per task.
 */
package io.mezzo.agent.fetcher;
