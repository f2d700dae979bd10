package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.metrics.AgentRecorder;
import io.mezzo.testing.Await;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.internal.StatusUpdateRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of reliable status updates, against a recording forwarder in place of
 * the master. Timing is only bounded from below (a resend never comes early) or waited for
 * with a generous bound, so a busy machine makes the tests slower, not red.
 */
@ExtendWith(VertxExtension.class)
class StatusUpdateManagerTest {
  /** So long that no resend happens during a test: whatever is sent was sent at once. */
  private static final Duration NEVER = Duration.ofMinutes(10);
  private static final Duration RETRY_MIN = Duration.ofMillis(100);
  private static final Duration RETRY_MAX = Duration.ofMillis(400);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path work;

  private Context context;
  private AgentPaths paths;
  private StatusUpdateManager manager;
  /** What reached the "master", with when it did. */
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  /** What the manager told its metrics: first sends and resends. */
  private final AtomicInteger firstSends = new AtomicInteger();
  private final AtomicInteger resends = new AtomicInteger();
  private final AgentRecorder recorder = new AgentRecorder() {
    @Override
    public void statusUpdateSent(boolean retry) {
      (retry ? resends : firstSends).incrementAndGet();
    }
  };

  private record Sent(StatusUpdate update, long nanos) {
    ByteString uuid() {
      return update.getStatus().getUuid();
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
    paths = new AgentPaths(work);
  }

  @AfterEach
  void tearDown() {
    if (manager != null) {
      run(manager::stop);
    }
  }

  private void start(Duration retryMin, Duration retryMax) {
    manager =
        new StatusUpdateManager(
            context.owner(), paths, update -> sent.add(new Sent(update, System.nanoTime())), retryMin, retryMax,
            recorder);
    manager.setAgentId("a1");
  }

  /** Runs {@code action} on the manager's event loop, as the agent does, and waits for its future. */
  private <T> T on(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return Await.result(done.future(), WAIT);
  }

  private void run(Runnable action) {
    on(() -> {
      action.run();
      return Future.succeededFuture();
    });
  }

  private static TaskStatus status(String taskId, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .build();
  }

  private static String taskOf(StatusUpdate update) {
    return update.getStatus().getTaskId().getValue();
  }

  private void awaitSent(int count) {
    Await.until(count + " sends", WAIT, () -> sent.size() >= count);
  }

  private boolean ack(String frameworkId, String taskId, ByteString uuid) {
    return on(() -> manager.acknowledge(frameworkId, taskId, uuid));
  }

  @Test
  void nothingIsSentUntilConnected() throws Exception {
    start(RETRY_MIN, RETRY_MAX);

    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));
    Thread.sleep(3 * RETRY_MAX.toMillis()); // several resend periods: still nothing may go

    assertTrue(sent.isEmpty(), "sent while not registered: " + sent);
    assertEquals(1, on(() -> Future.succeededFuture(manager.pendingCount())));

    run(manager::connected);
    awaitSent(1);

    StatusUpdate update = sent.get(0).update();
    assertEquals("f1", update.getFrameworkId().getValue());
    assertEquals("a1", update.getAgentId().getValue());
    assertEquals("t1", update.getExecutorId().getValue());
    assertEquals("a1", update.getStatus().getAgentId().getValue());
    assertEquals(TaskState.TASK_RUNNING, update.getStatus().getState());
    assertEquals(TaskState.TASK_RUNNING, update.getLatestState());
    assertEquals(16, update.getStatus().getUuid().size());
    assertTrue(update.getStatus().getTimestamp() > 0);
  }

  @Test
  void updatesOfATaskGoOneAtATimeInOrderAndAreAllLogged() throws Exception {
    start(NEVER, NEVER);
    run(manager::connected);

    // Both queued in one turn of the event loop: the first goes out knowing of the second.
    on(() -> {
      manager.update("f1", status("t1", TaskState.TASK_RUNNING));
      return manager.update("f1", status("t1", TaskState.TASK_FINISHED));
    });
    awaitSent(1);
    StatusUpdate running = sent.get(0).update();
    assertEquals(TaskState.TASK_RUNNING, running.getStatus().getState());
    assertEquals(TaskState.TASK_FINISHED, running.getLatestState(), "the head carries the newest state");

    assertFalse(ack("f1", "t1", ByteString.copyFrom(new byte[16])), "a wrong uuid is ignored");
    assertFalse(ack("f2", "t1", running.getStatus().getUuid()), "so is another framework's task");
    run(() -> {});
    assertEquals(1, sent.size(), "nothing more goes before the head is acknowledged");
    assertEquals(2, on(() -> Future.succeededFuture(manager.pendingCount())));

    assertFalse(ack("f1", "t1", running.getStatus().getUuid()), "a non-terminal update does not end the stream");
    awaitSent(2); // at once: no resend is due for ten minutes
    StatusUpdate finished = sent.get(1).update();
    assertEquals(TaskState.TASK_FINISHED, finished.getStatus().getState());
    assertEquals(TaskState.TASK_FINISHED, finished.getLatestState());
    assertNotEquals(running.getStatus().getUuid(), finished.getStatus().getUuid());

    assertTrue(ack("f1", "t1", finished.getStatus().getUuid()), "the terminal update ends the stream");
    assertEquals(0, on(() -> Future.succeededFuture(manager.pendingCount())));
    assertFalse(ack("f1", "t1", finished.getStatus().getUuid()), "the stream is forgotten");
    assertEquals(2, sent.size());

    List<StatusUpdateRecord> log = UpdateLog.read(paths.taskUpdates("f1", "t1"));
    assertEquals(
        List.of(
            StatusUpdateRecord.Type.UPDATE, StatusUpdateRecord.Type.UPDATE,
            StatusUpdateRecord.Type.ACK, StatusUpdateRecord.Type.ACK),
        log.stream().map(StatusUpdateRecord::getType).toList(),
        "every update and every accepted acknowledgement is logged, nothing else");
    assertEquals(running.getStatus(), log.get(0).getUpdate().getStatus());
    assertEquals(finished.getStatus(), log.get(1).getUpdate().getStatus());
    assertEquals(running.getStatus().getUuid(), log.get(2).getUuid());
    assertEquals(finished.getStatus().getUuid(), log.get(3).getUuid());
  }

  @Test
  void recoveredUpdatesKeepTheirUuidsAndGoBeforeNewOnes() throws Exception {
    // What an earlier run of the agent logged and the framework did not acknowledge.
    start(NEVER, NEVER);
    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));
    StatusUpdate logged = UpdateLog.read(paths.taskUpdates("f1", "t1")).get(0).getUpdate();
    run(manager::stop);

    start(NEVER, NEVER);
    on(() -> {
      manager.recover("f1", "t1", List.of(logged));
      return manager.update("f1", status("t1", TaskState.TASK_FAILED));
    });
    run(manager::connected);
    awaitSent(1);

    assertEquals(logged.getStatus(), sent.get(0).update().getStatus(), "sent again as it was, uuid and all");
    assertEquals(TaskState.TASK_FAILED, sent.get(0).update().getLatestState());
    assertFalse(ack("f1", "t1", logged.getStatus().getUuid()));
    awaitSent(2);
    assertEquals(TaskState.TASK_FAILED, sent.get(1).update().getStatus().getState());
    assertEquals(
        List.of(StatusUpdateRecord.Type.UPDATE, StatusUpdateRecord.Type.UPDATE, StatusUpdateRecord.Type.ACK),
        UpdateLog.read(paths.taskUpdates("f1", "t1")).stream().map(StatusUpdateRecord::getType).toList(),
        "recovered updates are not logged twice");
  }

  @Test
  void anExecutorsRepeatedUpdateIsTakenOnceBeforeAndAfterARestart() throws Exception {
    // A custom executor chooses its updates' uuids and sends again what it has not seen
    // ACKNOWLEDGED: the framework must hear each once.
    start(NEVER, NEVER);
    run(manager::connected);
    TaskStatus running = status("t1", TaskState.TASK_RUNNING).toBuilder().setUuid(ByteString.copyFrom(new byte[16])).build();
    on(() -> manager.update("f1", running));
    on(() -> manager.update("f1", running));
    awaitSent(1);
    assertEquals(running.getUuid(), sent.get(0).uuid(), "the executor's uuid is kept");
    assertEquals(1, on(() -> Future.succeededFuture(manager.pendingCount())));
    assertFalse(ack("f1", "t1", running.getUuid()));
    on(() -> manager.update("f1", running));
    assertEquals(0, on(() -> Future.succeededFuture(manager.pendingCount())), "an acknowledged update is not taken again");
    run(manager::stop);

    // The agent restarts: what the log says was acknowledged is still known.
    start(NEVER, NEVER);
    on(() -> {
      manager.recover("f1", "t1", List.of(), java.util.Set.of(running.getUuid()));
      return manager.update("f1", running);
    });
    assertEquals(0, on(() -> Future.succeededFuture(manager.pendingCount())));
    assertEquals(1, sent.size());
  }

  @Test
  void anUnacknowledgedUpdateIsResentWithGrowingGapsUpToTheMaximum() throws Exception {
    start(RETRY_MIN, RETRY_MAX);
    run(manager::connected);
    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));

    awaitSent(7);

    List<Sent> sends = List.copyOf(sent);
    ByteString uuid = sends.get(0).uuid();
    assertTrue(sends.stream().allMatch(s -> s.uuid().equals(uuid)), "the same update is resent");
    // 100, 200, 400, then capped at 400 ms. A timer never fires early, so each gap is at
    // least its delay (less 10% for clock granularity); a late one only makes it longer.
    long[] delays = {100, 200, 400, 400, 400, 400};
    for (int i = 0; i < delays.length; i++) {
      long gapMillis = (sends.get(i + 1).nanos() - sends.get(i).nanos()) / 1_000_000;
      assertTrue(gapMillis >= delays[i] * 9 / 10, "resend " + (i + 1) + " came after " + gapMillis + " ms");
    }
    // Uncapped, the sixth gap would be 3.2 s.
    long lastGapMillis = (sends.get(6).nanos() - sends.get(5).nanos()) / 1_000_000;
    assertTrue(lastGapMillis < 3_000, "the backoff stops growing at the maximum, got " + lastGapMillis + " ms");

    assertFalse(ack("f1", "t1", uuid));
    int afterAck = sent.size();
    Thread.sleep(3 * RETRY_MAX.toMillis());
    assertEquals(afterAck, sent.size(), "an acknowledged update is not resent");
    assertEquals(1, firstSends.get(), "one update, sent once for the first time");
    assertEquals(afterAck - 1, resends.get(), "every other send counted as a retry");
  }

  @Test
  void disconnectingStopsResends() throws Exception {
    start(RETRY_MIN, RETRY_MAX);
    run(manager::connected);
    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));
    awaitSent(2);

    run(manager::disconnected);
    int whenDisconnected = sent.size();
    Thread.sleep(3 * RETRY_MAX.toMillis());

    assertEquals(whenDisconnected, sent.size(), "resent while disconnected");
  }

  @Test
  void reconnectingResendsEveryTasksHeadAtOnce() {
    start(NEVER, NEVER);
    run(manager::connected);
    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));
    awaitSent(1);
    run(manager::disconnected);
    on(() -> manager.update("f1", status("t2", TaskState.TASK_STARTING)));
    on(() -> manager.update("f1", status("t1", TaskState.TASK_FAILED)));

    run(manager::connected);
    awaitSent(3); // at once: no resend is due for ten minutes

    List<StatusUpdate> resent = sent.stream().skip(1).map(Sent::update).toList();
    StatusUpdate t1 = resent.stream().filter(u -> taskOf(u).equals("t1")).findFirst().orElseThrow();
    assertEquals(sent.get(0).uuid(), t1.getStatus().getUuid(), "t1's unacknowledged head goes again");
    assertEquals(TaskState.TASK_FAILED, t1.getLatestState());
    assertTrue(resent.stream().anyMatch(u -> taskOf(u).equals("t2")), "t2's first update goes too");
  }

  @Test
  void removingAFrameworkDropsItsUpdates() {
    start(NEVER, NEVER);
    on(() -> manager.update("f1", status("t1", TaskState.TASK_RUNNING)));
    on(() -> manager.update("f2", status("t2", TaskState.TASK_RUNNING)));

    run(() -> manager.removeFramework("f1"));
    assertEquals(1, on(() -> Future.succeededFuture(manager.pendingCount())));
    run(manager::connected);
    awaitSent(1);
    run(() -> {});

    assertEquals(1, sent.size(), "only the remaining framework's update goes: " + sent);
    assertEquals("f2", sent.get(0).update().getFrameworkId().getValue());
  }
}
