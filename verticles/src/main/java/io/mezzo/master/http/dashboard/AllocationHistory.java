package io.mezzo.master.http.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The cluster's allocation over the last minutes, for the dashboard's chart: a bounded ring
 * of samples taken at most every {@link #INTERVAL_SECONDS}. Pure; not thread-safe.
 */
final class AllocationHistory {
  static final double INTERVAL_SECONDS = 2;
  /** Ten minutes of samples. */
  static final int CAPACITY = 300;

  private final Deque<JsonObject> samples = new ArrayDeque<>();
  private double last = Double.NEGATIVE_INFINITY;

  /** Whether a sample taken at {@code nowSeconds} would be kept. */
  boolean due(double nowSeconds) {
    // A clock that went back restarts the series rather than stalling it.
    return nowSeconds - last >= INTERVAL_SECONDS || nowSeconds < last;
  }

  /** Keeps {@code sample} if one is due at {@code nowSeconds}; returns whether it did. */
  boolean offer(double nowSeconds, JsonObject sample) {
    if (!due(nowSeconds)) {
      return false;
    }
    if (nowSeconds < last) {
      samples.clear();
    }
    last = nowSeconds;
    samples.addLast(sample);
    while (samples.size() > CAPACITY) {
      samples.removeFirst();
    }
    return true;
  }

  /** The samples, oldest first. */
  JsonArray toJson() {
    JsonArray json = new JsonArray();
    samples.forEach(json::add);
    return json;
  }

  int size() {
    return samples.size();
  }
}
