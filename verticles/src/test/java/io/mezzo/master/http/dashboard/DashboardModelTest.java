package io.mezzo.master.http.dashboard;

import static io.mezzo.master.http.StateFixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames a refresh sends: updates while something changed, snapshots to newcomers. */
class DashboardModelTest {
  static JsonObject data(io.vertx.core.buffer.Buffer frame, String event) {
    String text = frame.toString();
    assertTrue(text.startsWith("event: " + event + "\ndata: "), text);
    return new JsonObject(text.substring(text.indexOf("data: ") + 6).strip());
  }

  @Test
  void aSnapshotHoldsTheViewAndTheHistoryAndUpdatesOnlyChanges() {
    DashboardModel model = new DashboardModel();
    DashboardView.View view = DashboardViewTest.view(state(), List.of());
    DashboardModel.Frames first = model.advance(view, 100, true);
    JsonObject snapshot = data(first.snapshot(), "snapshot");
    assertEquals(2, snapshot.getJsonArray("agents").size());
    assertEquals(2, snapshot.getJsonArray("tasks").size());
    assertEquals(1, snapshot.getJsonArray("history").size());
    assertTrue(data(first.update(), "update").containsKey("tasks"));

    DashboardModel.Frames same = model.advance(view, 100.5, false);
    assertNull(same.update(), "nothing changed and no sample is due");
    assertNull(same.snapshot());

    JsonObject sampled = data(model.advance(view, 103, false).update(), "update");
    assertEquals(List.of("sample"), List.copyOf(sampled.fieldNames()));
  }

  @Test
  void idleSamplesFillTheHistoryANewcomerGets() {
    DashboardModel model = new DashboardModel();
    assertTrue(model.sampleDue(10));
    model.sample(new JsonObject().put("t", 10), 10);
    model.sample(new JsonObject().put("t", 12), 12);
    JsonObject snapshot = data(model.advance(DashboardViewTest.view(state(), List.of()), 14, true).snapshot(), "snapshot");
    assertEquals(3, snapshot.getJsonArray("history").size());
  }
}
