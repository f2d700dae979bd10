package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterMetrics;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.TaskState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics/snapshot} is read from the same meters as {@code /metrics}. */
class MetricsSnapshotTest {
  static final MasterFigures FIGURES = new MasterFigures(
      new MasterFigures.Agents(3, 1, 2),
      new MasterFigures.Frameworks(4, 1, 6),
      Map.of(TaskState.TASK_RUNNING, 5, TaskState.TASK_STAGING, 2),
      Map.of("cpus", new MasterFigures.Resource(8, 2, 1), "mem", new MasterFigures.Resource(4096, 1024, 0)),
      9,
      System.currentTimeMillis() - 100_000);

  private static MasterMetrics metrics(long epoch) {
    MasterMetrics metrics = new MasterMetrics(() -> epoch, () -> Future.succeededFuture(FIGURES));
    assertTrue(metrics.refresh().succeeded());
    return metrics;
  }

  @Test
  void gaugesAreTheFiguresOfNow() {
    JsonObject snapshot = MetricsSnapshot.leader(metrics(7).registry());
    assertEquals(1, snapshot.getInteger("master/elected"));
    assertEquals(7, snapshot.getLong("master/epoch"));
    double uptime = snapshot.getDouble("master/uptime_secs");
    assertTrue(uptime >= 100 && uptime < 200, "uptime " + uptime);
    assertEquals(3, snapshot.getInteger("master/slaves_active"));
    assertEquals(3, snapshot.getInteger("master/slaves_inactive"), "unreachable and recovering");
    assertEquals(1, snapshot.getInteger("master/slaves_unreachable"));
    assertEquals(8.0, snapshot.getDouble("master/cpus_total"));
    assertEquals(2.0, snapshot.getDouble("master/cpus_used"));
    assertEquals(1.0, snapshot.getDouble("master/cpus_offered"));
    assertEquals(0.25, snapshot.getDouble("master/cpus_percent"));
    assertEquals(0.0, snapshot.getDouble("master/gpus_percent"), "no gpus: no division by zero");
    assertEquals(4, snapshot.getInteger("master/frameworks_active"));
    assertEquals(1, snapshot.getInteger("master/frameworks_disconnected"));
    assertEquals(6, snapshot.getInteger("master/frameworks_completed"));
    assertEquals(5, snapshot.getInteger("master/tasks_running"));
    assertEquals(2, snapshot.getInteger("master/tasks_staging"));
    assertEquals(0, snapshot.getInteger("master/tasks_killing"));
    assertEquals(9, snapshot.getInteger("master/outstanding_offers"));
    for (String name : snapshot.fieldNames()) {
      assertTrue(snapshot.getValue(name) instanceof Number, name + " is a number");
    }
  }

  @Test
  void countersAndTimersAreWhatTheMasterRecorded() {
    MasterMetrics metrics = metrics(2);
    MasterRecorder recorder = metrics;
    recorder.taskEnded(TaskState.TASK_FINISHED);
    recorder.taskEnded(TaskState.TASK_FINISHED);
    recorder.taskEnded(TaskState.TASK_ERROR);
    recorder.offersSent(3);
    recorder.offerDeclined();
    recorder.offerAccepted();
    recorder.offerRescinded();
    recorder.callRejected(MasterRecorder.Api.SCHEDULER, Failure.BAD_REQUEST);
    recorder.callRejected(MasterRecorder.Api.AGENT, Failure.BAD_REQUEST);
    recorder.callRejected(MasterRecorder.Api.SCHEDULER, Failure.FORBIDDEN);
    recorder.allocationCycle(2_000_000, 4);
    recorder.launchLatency(30_000_000);
    recorder.launchLatency(10_000_000);

    JsonObject snapshot = MetricsSnapshot.leader(metrics.registry());
    assertEquals(2, snapshot.getInteger("master/tasks_finished"));
    assertEquals(1, snapshot.getInteger("master/tasks_error"));
    assertEquals(0, snapshot.getInteger("master/tasks_lost"));
    assertEquals(3, snapshot.getInteger("master/offers_sent"));
    assertEquals(1, snapshot.getInteger("master/offers_declined"));
    assertEquals(1, snapshot.getInteger("master/offers_accepted"));
    assertEquals(1, snapshot.getInteger("master/offers_rescinded"));
    assertEquals(2, snapshot.getInteger("master/invalid_calls"));
    assertEquals(3, snapshot.getInteger("master/calls_rejected"));
    assertEquals(1, snapshot.getInteger("allocator/allocation_runs"));
    assertEquals(2.0, snapshot.getDouble("allocator/allocation_run_ms"));
    assertEquals(2, snapshot.getInteger("master/task_launches_measured"));
    assertEquals(20.0, snapshot.getDouble("master/task_launch_latency_ms"));
    assertEquals(30.0, snapshot.getDouble("master/task_launch_latency_ms/max"));
  }

  @Test
  void aNodeThatDoesNotLeadShowsZerosAndStandbysSayOnlyThat() {
    MasterMetrics metrics = new MasterMetrics(() -> -1, () -> Future.failedFuture("not leading"));
    assertTrue(metrics.refresh().succeeded(), "a refresh never fails");
    JsonObject snapshot = MetricsSnapshot.leader(metrics.registry());
    assertEquals(0, snapshot.getInteger("master/elected"));
    assertEquals(0, snapshot.getInteger("master/slaves_active"));
    assertEquals(0.0, snapshot.getDouble("master/uptime_secs"));
    assertEquals(new JsonObject().put("master/elected", 0), MetricsSnapshot.standby());
  }
}
