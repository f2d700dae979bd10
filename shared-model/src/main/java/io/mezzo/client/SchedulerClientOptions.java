package io.mezzo.client;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/** Options of a {@link SchedulerClient}. */
public final class SchedulerClientOptions {
  /** How long a call waits for the master's reply. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

  public SchedulerClientOptions() {}

  /** Reads {@code request_timeout_ms}; absent keys keep their defaults. */
  public SchedulerClientOptions(JsonObject json) {
    if (json.containsKey("request_timeout_ms")) {
      setRequestTimeout(Duration.ofMillis(json.getLong("request_timeout_ms")));
    }
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public SchedulerClientOptions setRequestTimeout(Duration requestTimeout) {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("request_timeout_ms", requestTimeout.toMillis());
  }
}
