package io.mezzo.master.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The allocation chart's history: sampled at most every interval, bounded, oldest first. */
class AllocationHistoryTest {
  static JsonObject sample(double t) {
    return new JsonObject().put("t", t);
  }

  @Test
  void keepsOneSamplePerInterval() {
    AllocationHistory history = new AllocationHistory();
    assertTrue(history.offer(100, sample(100)));
    assertFalse(history.offer(100 + AllocationHistory.INTERVAL_SECONDS / 2, sample(101)));
    assertTrue(history.offer(100 + AllocationHistory.INTERVAL_SECONDS, sample(102)));
    assertEquals(2, history.size());
    assertEquals(100.0, history.toJson().getJsonObject(0).getDouble("t"));
  }

  @Test
  void dropsTheOldestBeyondItsCapacity() {
    AllocationHistory history = new AllocationHistory();
    int extra = 5;
    for (int i = 0; i < AllocationHistory.CAPACITY + extra; i++) {
      history.offer(i * AllocationHistory.INTERVAL_SECONDS, sample(i));
    }
    assertEquals(AllocationHistory.CAPACITY, history.size());
    assertEquals(extra, history.toJson().getJsonObject(0).getDouble("t"));
  }

  @Test
  void aClockThatWentBackRestartsTheSeries() {
    AllocationHistory history = new AllocationHistory();
    history.offer(1000, sample(1000));
    history.offer(1010, sample(1010));
    assertTrue(history.offer(500, sample(500)));
    assertEquals(1, history.size());
  }
}
