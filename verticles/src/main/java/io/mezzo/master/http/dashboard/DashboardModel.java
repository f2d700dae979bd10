package io.mezzo.master.http.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The dashboard feed's memory: the last view sent and the allocation history. Turns each new
 * view into the frames to send: an {@code update} event for the browsers that follow, and a
 * {@code snapshot} event for those that just connected. Pure; used by one thread at a time.
 */
final class DashboardModel {
  /** What to send: {@code update} is null when nothing changed, {@code snapshot} when none was wanted. */
  record Frames(Buffer update, Buffer snapshot) {}

  private final ViewDiff diff = new ViewDiff();
  private final AllocationHistory history = new AllocationHistory();

  /** Moves to {@code view}, taken at {@code nowSeconds}. */
  Frames advance(DashboardView.View view, double nowSeconds, boolean snapshotWanted) {
    JsonObject changes = diff.advance(view);
    if (history.offer(nowSeconds, view.sample())) {
      changes = (changes == null ? new JsonObject() : changes).put("sample", view.sample());
    }
    Buffer update = changes == null ? null : SseFrame.event("update", changes.encode());
    Buffer snapshot = snapshotWanted
        ? SseFrame.event("snapshot", diff.full().put("history", history.toJson()).encode())
        : null;
    return new Frames(update, snapshot);
  }

  /** Whether a sample taken now would be kept: tells an idle feed whether to take one. */
  boolean sampleDue(double nowSeconds) {
    return history.due(nowSeconds);
  }

  /** Keeps a sample taken while no browser watched. */
  void sample(JsonObject sample, double nowSeconds) {
    history.offer(nowSeconds, sample);
  }
}
