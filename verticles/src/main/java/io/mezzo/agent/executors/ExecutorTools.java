package io.mezzo.agent.executors;

import io.mezzo.agent.fetcher.Fetcher;
import io.mezzo.agent.isolation.Isolation;
import io.mezzo.checks.TaskChecks;
import io.mezzo.executor.CommandExecutor;
import java.time.Duration;
import java.util.Objects;

/**
 * What the built-in executor verticles run their tasks with, shared by every run of an
 * agent: the process layer, the fetcher (with its per-agent cache) and the checks' clients.
 *
 * @param defaultGracePeriod how long a killed task has between SIGTERM and SIGKILL when its
 *     kill policy does not say
 * @param isolation the cgroups, limits and users of the runs' tasks
 */
public record ExecutorTools(CommandExecutor processes, Fetcher fetcher, TaskChecks checks, Duration defaultGracePeriod,
    Isolation isolation) {
  public ExecutorTools {
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(processes, "processes");
    Objects.requireNonNull(fetcher, "fetcher");
    Objects.requireNonNull(checks, "checks");
    Objects.requireNonNull(defaultGracePeriod, "defaultGracePeriod");
  }
}
