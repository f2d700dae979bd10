package io.mezzo.agent;

import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.agent.isolation.IsolationConfig;
import io.mezzo.config.ConfigReader;
import io.mezzo.config.Durations;
import io.mezzo.http.HttpTimeouts;
import io.mezzo.model.Attributes;
import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An agent's configuration. Keys and defaults follow Apache Mesos's agent flags where the
 * concept is the same ({@code resources}, {@code attributes}, {@code work_dir}).
 *
 * @param workDir where sandboxes and checkpoints live; an agent restarted with the same
 *     work dir keeps its ID and its tasks
 * @param hostname the name the agent advertises in offers and masters use to reach its HTTP
 *     API; empty for the address its HTTP API binds (the cluster host)
 * @param port the HTTP port of the agent's API
 * @param resources resources that replace the fingerprinted ones of the same name; null for none
 * @param attributes the agent's attributes in text form; empty for none
 * @param registrationBackoffMax the longest wait between registration attempts
 * @param statusUpdateRetryMin the first wait before an unacknowledged update is resent
 * @param statusUpdateRetryMax the longest wait between resends
 * @param defaultGracePeriod how long a killed task has between SIGTERM and SIGKILL when its
 *     kill policy does not say
 * @param requestTimeout how long a call to the master waits for its reply
 * @param http how long the HTTP server waits on its clients
 * @param fetcher where the fetcher caches downloads and how much it may fetch
 * @param executorRegistrationTimeout how long an executor has to subscribe once started
 *     before it is killed and its tasks fail (Mesos's {@code executor_registration_timeout})
 * @param executorShutdownGracePeriod how long an executor has to end after SHUTDOWN when its
 *     ExecutorInfo does not say (Mesos's {@code executor_shutdown_grace_period})
 * @param executorReregistrationTimeout the longest wait between a custom executor's attempts
 *     to subscribe again after an agent restart (its MESOS_SUBSCRIPTION_BACKOFF_MAX; Mesos's
 *     {@code executor_reregistration_timeout})
 * @param recoveryTimeout how long a custom executor of a checkpointing framework waits for
 *     its restarted agent before it gives up (its MESOS_RECOVERY_TIMEOUT; Mesos's
 *     {@code recovery_timeout})
 * @param isolation the isolators, cgroups settings and task users (docs/isolation.md)
 */
public record AgentConfig(
    Path workDir,
    String hostname,
    int port,
    String resources,
    String attributes,
    Duration registrationBackoffMax,
    Duration statusUpdateRetryMin,
    Duration statusUpdateRetryMax,
    Duration defaultGracePeriod,
    Duration requestTimeout,
    HttpTimeouts http,
    FetcherConfig fetcher,
    Duration executorRegistrationTimeout,
    Duration executorShutdownGracePeriod,
    Duration executorReregistrationTimeout,
    Duration recoveryTimeout,
    IsolationConfig isolation) {

  public static final int DEFAULT_PORT = 5051;
  public static final Duration DEFAULT_REGISTRATION_BACKOFF_MAX = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STATUS_UPDATE_RETRY_MIN = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STATUS_UPDATE_RETRY_MAX = Duration.ofMinutes(10);
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(3);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_EXECUTOR_REGISTRATION_TIMEOUT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_EXECUTOR_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_EXECUTOR_REREGISTRATION_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(15);

  private static final Duration MIN = Duration.ofMillis(10);
  private static final Duration MAX = Duration.ofDays(1);

  /** The defaults, with the work dir under the system's temporary directory. */
  public static AgentConfig defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads an agent config object; absent keys take their defaults.
   *
   * @throws io.mezzo.config.ConfigException naming an invalid or unknown key
   */
  public static AgentConfig fromJson(JsonObject json) {
    ConfigReader config = new ConfigReader("agent", json);
    Path workDir =
        Path.of(config.string("work_dir", Path.of(System.getProperty("java.io.tmpdir"), "mezzo", "agent").toString()));
    String hostname = config.string("hostname", "");
    int port = config.integer("port", DEFAULT_PORT, 0, 65535);
    String resources = config.string("resources", null);
    if (resources != null) {
      try {
        Resources.parse(resources);
      } catch (InvalidResourcesException e) {
        throw config.invalid("resources", e.getMessage());
      }
    }
    String attributes = config.string("attributes", "");
    try {
      Attributes.parse(attributes);
    } catch (InvalidResourcesException e) {
      throw config.invalid("attributes", e.getMessage());
    }
    Duration backoffMax =
        config.duration("registration_backoff_max", DEFAULT_REGISTRATION_BACKOFF_MAX, MIN, MAX);
    Duration retryMin =
        config.duration("status_update_retry_min", DEFAULT_STATUS_UPDATE_RETRY_MIN, MIN, MAX);
    Duration retryMax =
        config.duration("status_update_retry_max", DEFAULT_STATUS_UPDATE_RETRY_MAX, MIN, MAX);
    if (retryMax.compareTo(retryMin) < 0) {
      throw config.invalid("status_update_retry_max", "must not be shorter than status_update_retry_min");
    }
    Duration grace = config.duration("default_grace_period", DEFAULT_GRACE_PERIOD, Duration.ZERO, MAX);
    Duration requestTimeout = config.duration("request_timeout", DEFAULT_REQUEST_TIMEOUT, MIN, MAX);
    HttpTimeouts http = HttpTimeouts.read(config);
    FetcherConfig fetcher = FetcherConfig.read(config, workDir);
    Duration executorRegistration = config.duration(
        "executor_registration_timeout", DEFAULT_EXECUTOR_REGISTRATION_TIMEOUT, Duration.ofSeconds(1), MAX);
    Duration executorShutdown = config.duration(
        "executor_shutdown_grace_period", DEFAULT_EXECUTOR_SHUTDOWN_GRACE_PERIOD, Duration.ZERO, MAX);
    Duration executorReregistration = config.duration(
        "executor_reregistration_timeout", DEFAULT_EXECUTOR_REREGISTRATION_TIMEOUT, MIN, MAX);
    Duration recovery = config.duration("recovery_timeout", DEFAULT_RECOVERY_TIMEOUT, Duration.ofSeconds(1), MAX);
    IsolationConfig isolation = IsolationConfig.read(config);
    config.requireAllKnown();
    return new AgentConfig(
        workDir, hostname, port, resources, attributes, backoffMax, retryMin, retryMax, grace, requestTimeout, http,
        fetcher, executorRegistration, executorShutdown, executorReregistration, recovery, isolation);
  }

  /**
   * The configuration as Mesos's agent {@code /state} shows its {@code flags}: one entry per
   * key of docs/configuration.md, in config syntax.
   */
  public SortedMap<String, String> flags() {
    SortedMap<String, String> flags = new TreeMap<>();
    flags.put("work_dir", workDir.toString());
    flags.put("hostname", hostname);
    flags.put("port", Integer.toString(port));
    flags.put("resources", resources == null ? "" : resources);
    flags.put("attributes", attributes);
    flags.put("registration_backoff_max", Durations.format(registrationBackoffMax));
    flags.put("status_update_retry_min", Durations.format(statusUpdateRetryMin));
    flags.put("status_update_retry_max", Durations.format(statusUpdateRetryMax));
    flags.put("default_grace_period", Durations.format(defaultGracePeriod));
    flags.put("request_timeout", Durations.format(requestTimeout));
    flags.put("http_idle_timeout", Durations.format(http.idle()));
    flags.put("http_header_timeout", Durations.format(http.header()));
    flags.put("executor_registration_timeout", Durations.format(executorRegistrationTimeout));
    flags.put("executor_shutdown_grace_period", Durations.format(executorShutdownGracePeriod));
    flags.put("executor_reregistration_timeout", Durations.format(executorReregistrationTimeout));
    flags.put("recovery_timeout", Durations.format(recoveryTimeout));
    flags.putAll(isolation.flags());
    return flags;
  }
}
