package io.mezzo.agent.executors;

import io.mezzo.bus.Addresses;
import io.mezzo.client.ExecutorClient;
import io.mezzo.executor.TaskEnvironment;
import io.mezzo.v1.ExecutorInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The environment Apache Mesos gives an executor process, so that an unmodified Mesos v1
 * executor (or its executor library) finds its agent and knows who it is: the variables of
 * {@code ExecutorInfo.command.environment}, then the {@code MESOS_*} ones, which win (an
 * executor cannot be talked into speaking for another). Mesos's libprocess-only variables
 * ({@code MESOS_SLAVE_PID}, the native library paths) are left out: Mezzo executors speak HTTP
 * only. Durations are written as Mesos writes them ({@code 5secs}, {@code 15mins}). Pure.
 */
public final class ExecutorEnvironment {
  private ExecutorEnvironment() {}

  /** What an executor run's environment depends on besides its spec. */
  public record Settings(String agentEndpoint, Duration shutdownGrace, Duration recoveryTimeout,
      Duration subscriptionBackoffMax) {}

  /**
   * The environment of {@code spec}'s executor process.
   *
   * @param settings {@code agentEndpoint} is {@code host:port} of the agent's HTTP API
   */
  public static Map<String, String> of(ExecutorRunSpec spec, Settings settings) {
    ExecutorInfo executor = spec.executor();
    SortedMap<String, String> env = new TreeMap<>(TaskEnvironment.withVariables(Map.of(), executor.getCommand().getEnvironment()));
    Path sandbox = spec.sandbox();
    boolean checkpoint = spec.framework().getCheckpoint();
    env.put("MESOS_FRAMEWORK_ID", spec.frameworkId());
    env.put("MESOS_EXECUTOR_ID", spec.executorId());
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_SLAVE_ID", spec.agentId());
    env.put("MESOS_AGENT_ID", spec.agentId());
    env.put("MESOS_AGENT_ENDPOINT", settings.agentEndpoint());
    env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", format(shutdownGrace(executor, settings.shutdownGrace())));
    if (checkpoint) {
      // As in Mesos: only an executor of a checkpointing framework waits for its agent to
      // come back, for up to the recovery timeout.
      env.put("MESOS_RECOVERY_TIMEOUT", format(settings.recoveryTimeout()));
      env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", format(settings.subscriptionBackoffMax()));
    }
    env.put(ExecutorClient.ADDRESS_VARIABLE, Addresses.executorApi(spec.agentId(), spec.runId()));
    // Mezzo's own names, as every task gets them.
    env.put("MEZZO_SANDBOX", sandbox.toString());
    env.put("MEZZO_AGENT_ID", spec.agentId());
    env.put("MEZZO_FRAMEWORK_ID", spec.frameworkId());
    env.put("MEZZO_EXECUTOR_ID", spec.executorId());
    return Collections.unmodifiableSortedMap(env);
  }

  /** The executor's shutdown grace period: its own when it has one, else {@code otherwise}. */
  public static Duration shutdownGrace(ExecutorInfo executor, Duration otherwise) {
    return executor.hasShutdownGracePeriod()
        ? Duration.ofNanos(Math.max(0, executor.getShutdownGracePeriod().getNanoseconds()))
        : otherwise;
  }

  /**
   * A duration as Mesos's stout prints one: in the largest unit it fills at least once
   * ({@code weeks}, {@code days}, {@code hrs}, {@code mins}, {@code secs}, {@code ms},
   * {@code us}, {@code ns}), with a fraction when needed: {@code 2secs}, {@code 1.5mins}.
   */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    String[] units = {"weeks", "days", "hrs", "mins", "secs", "ms", "us"};
    double[] sizes = {604800e9, 86400e9, 3600e9, 60e9, 1e9, 1e6, 1e3};
    for (int i = 0; i < units.length; i++) {
      if (nanos >= sizes[i]) {
        return number(nanos / sizes[i]) + units[i];
      }
    }
    return nanos + "ns";
  }

  private static String number(double value) {
    String text = String.format(java.util.Locale.ROOT, "%.6f", value);
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
