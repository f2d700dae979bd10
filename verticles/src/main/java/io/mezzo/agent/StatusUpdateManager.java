package io.mezzo.agent;

import com.google.protobuf.ByteString;
import io.mezzo.metrics.AgentRecorder;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.internal.StatusUpdateRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each task's status updates to its framework reliably and in order: every update
 * is written to the task's log in the work dir before it is sent; only the oldest
 * unacknowledged update of a task is in flight; it is resent with exponential backoff until
 * the framework acknowledges it through the master (at-least-once), and then the next one
 * goes. The update in flight carries the task's latest state so the master can free a
 * finished task's resources before the framework has caught up.
 *
 * <p>Confined to the agent's event loop; log writes run on workers, in order per task.
 */
final class StatusUpdateManager {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

  /** uuids remembered per task to drop repeated updates; far more than a task's updates in flight. */
  static final int MAX_REMEMBERED_UUIDS = 1000;

  private final Vertx vertx;
  private final AgentPaths paths;
  private final Consumer<StatusUpdate> forwarder;
  private final Duration retryMin;
  private final Duration retryMax;
  private final AgentRecorder recorder;
  private final Map<String, Stream> streams = new LinkedHashMap<>();
  private String agentId;
  private boolean connected;
  /** Once the agent stops, nothing more is logged or sent: a restarted agent takes over. */
  private boolean stopped;

  /** The updates of one task. */
  private final class Stream {
    final String frameworkId;
    final String taskId;
    final Deque<StatusUpdate> pending = new ArrayDeque<>();
    Future<Void> writes = Future.succeededFuture();
    long retryTimer = -1;
    Duration backoff = retryMin;
    /** Whether the head of {@code pending} went out already, so that sending it again is a retry. */
    boolean headSent;
    /**
     * The uuids of the task's updates taken so far, oldest first: a custom executor sends an
     * update again when it has not heard ACKNOWLEDGED (it re-subscribes after an agent
     * restart), and the framework must get it once.
     */
    final Set<ByteString> taken = new LinkedHashSet<>();

    void take(ByteString uuid) {
      taken.add(uuid);
      if (taken.size() > MAX_REMEMBERED_UUIDS) {
        Iterator<ByteString> oldest = taken.iterator();
        oldest.next();
        oldest.remove();
      }
    }

    Stream(String frameworkId, String taskId) {
      this.frameworkId = frameworkId;
      this.taskId = taskId;
    }
  }

  /**
   * @param forwarder sends an update to the master; its fate does not matter, since only an
   *     acknowledgement ends the retries
   * @param recorder hears of every send and resend
   */
  StatusUpdateManager(Vertx vertx, AgentPaths paths, Consumer<StatusUpdate> forwarder, Duration retryMin,
      Duration retryMax, AgentRecorder recorder) {
    this.vertx = vertx;
    this.paths = paths;
    this.forwarder = forwarder;
    this.retryMin = retryMin;
    this.retryMax = retryMax;
    this.recorder = recorder;
  }

  void setAgentId(String agentId) {
    this.agentId = agentId;
  }

  /**
   * Takes a new status of a task: gives it a uuid and a timestamp unless its executor did, logs it, and sends it
   * once every earlier update of the task is acknowledged.
   *
   * @return completes when the update is in the log
   */
  Future<Void> update(String frameworkId, TaskStatus status) {
    if (stopped) {
      return Future.succeededFuture();
    }
    String taskId = status.getTaskId().getValue();
    TaskStatus stamped =
        status.toBuilder()
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            // An executor's own uuid is kept: its ACKNOWLEDGED and the framework's ack name it.
            .setExecutorId(status.hasExecutorId() ? status.getExecutorId() : ExecutorID.newBuilder().setValue(taskId).build())
            .setUuid(status.hasUuid() ? status.getUuid() : randomUuid())
            .setTimestamp(status.hasTimestamp() ? status.getTimestamp() : System.currentTimeMillis() / 1000.0)
            .build();
    StatusUpdate update =
        StatusUpdate.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setExecutorId(stamped.getExecutorId())
            .setAgentId(stamped.getAgentId())
            .setStatus(stamped)
            .build();
    Stream stream = streams.computeIfAbsent(key(frameworkId, taskId), k -> new Stream(frameworkId, taskId));
    if (status.hasUuid() && stream.taken.contains(status.getUuid())) {
      LOG.debug("dropped a repeated update of task {}", taskId);
      return stream.writes;
    }
    stream.take(stamped.getUuid());
    stream.pending.addLast(update);
    Future<Void> logged =
        log(stream, StatusUpdateRecord.newBuilder().setType(StatusUpdateRecord.Type.UPDATE).setUpdate(update).build());
    if (stream.pending.size() == 1) {
      sendAfter(logged, stream);
    }
    return logged;
  }

  /**
   * Takes back a task's unacknowledged updates from its log when the agent restarts, oldest
   * first. They keep their uuids, since the framework may have seen them already, and go out
   * once the agent is registered, before any new update of the task. Call it before the
   * task's first {@link #update}.
   */
  void recover(String frameworkId, String taskId, List<StatusUpdate> unacknowledged) {
    recover(frameworkId, taskId, unacknowledged, Set.of());
  }

  /**
   * As {@link #recover(String, String, List)}, remembering the uuids of the updates the
   * framework acknowledged before the restart too: an executor that sends one of them (or an
   * unacknowledged one) again is not heard twice.
   */
  void recover(String frameworkId, String taskId, List<StatusUpdate> unacknowledged, Set<ByteString> acknowledged) {
    if (unacknowledged.isEmpty() && acknowledged.isEmpty()) {
      return;
    }
    Stream stream = streams.computeIfAbsent(key(frameworkId, taskId), k -> new Stream(frameworkId, taskId));
    acknowledged.forEach(stream::take);
    unacknowledged.forEach(update -> stream.take(update.getStatus().getUuid()));
    stream.pending.addAll(unacknowledged);
  }

  /**
   * The framework acknowledged update {@code uuid} of a task: it leaves the log and the
   * task's next update goes.
   *
   * @return true when the acknowledged update was the task's terminal one: its stream is
   *     done and the task's checkpoints may go
   */
  Future<Boolean> acknowledge(String frameworkId, String taskId, ByteString uuid) {
    Stream stream = streams.get(key(frameworkId, taskId));
    if (stream == null || stream.pending.isEmpty() || !stream.pending.peekFirst().getStatus().getUuid().equals(uuid)) {
      LOG.debug("ignored acknowledgement of an unknown or already acknowledged update of task {}", taskId);
      return Future.succeededFuture(false);
    }
    StatusUpdate acked = stream.pending.removeFirst();
    stream.headSent = false;
    cancelRetry(stream);
    stream.backoff = retryMin;
    Future<Void> logged =
        log(stream, StatusUpdateRecord.newBuilder().setType(StatusUpdateRecord.Type.ACK).setUuid(uuid).build());
    if (TaskStates.isTerminal(acked.getStatus().getState())) {
      streams.remove(key(frameworkId, taskId));
      return logged.map(true);
    }
    if (!stream.pending.isEmpty()) {
      sendAfter(logged, stream);
    }
    return logged.map(false);
  }

  /** The agent is registered with a master: every task's oldest update goes out now. */
  void connected() {
    connected = true;
    for (Stream stream : streams.values()) {
      cancelRetry(stream);
      stream.backoff = retryMin;
      sendAfter(stream.writes, stream);
    }
  }

  /** The agent lost its master: nothing is sent until it is registered again. */
  void disconnected() {
    connected = false;
    streams.values().forEach(this::cancelRetry);
  }

  /** Forgets the updates of a removed framework; nobody will acknowledge them. */
  void removeFramework(String frameworkId) {
    List<String> gone = new ArrayList<>();
    streams.forEach(
        (key, stream) -> {
          if (stream.frameworkId.equals(frameworkId)) {
            cancelRetry(stream);
            gone.add(key);
          }
        });
    gone.forEach(streams::remove);
  }

  /** Updates not yet acknowledged, over all tasks. */
  int pendingCount() {
    int count = 0;
    for (Stream stream : streams.values()) {
      count += stream.pending.size();
    }
    return count;
  }

  /** Cancels every retry, when the agent stops. */
  void stop() {
    stopped = true;
    streams.values().forEach(this::cancelRetry);
  }

  /**
   * Sends the stream's head once {@code logged} completes, always in a later turn of the
   * event loop: updates queued in the same turn as this one (a task that starts and ends at
   * once) are then known, and the head carries the newest state.
   */
  private void sendAfter(Future<Void> logged, Stream stream) {
    logged.onComplete(v -> vertx.runOnContext(x -> send(stream)));
  }

  private void send(Stream stream) {
    if (stopped || !connected || stream.pending.isEmpty() || streams.get(key(stream.frameworkId, stream.taskId)) != stream) {
      return;
    }
    StatusUpdate head = stream.pending.peekFirst();
    forwarder.accept(head.toBuilder().setLatestState(stream.pending.peekLast().getStatus().getState()).build());
    recorder.statusUpdateSent(stream.headSent);
    stream.headSent = true;
    cancelRetry(stream);
    long delay = stream.backoff.toMillis();
    stream.backoff = stream.backoff.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : stream.backoff.multipliedBy(2);
    stream.retryTimer =
        vertx.setTimer(
            Math.max(1, delay),
            id -> {
              stream.retryTimer = -1;
              send(stream);
            });
  }

  private void cancelRetry(Stream stream) {
    if (stream.retryTimer >= 0) {
      vertx.cancelTimer(stream.retryTimer);
      stream.retryTimer = -1;
    }
  }

  private Future<Void> log(Stream stream, StatusUpdateRecord record) {
    var file = paths.taskUpdates(stream.frameworkId, stream.taskId);
    stream.writes =
        stream.writes.transform(
            previous ->
                vertx.<Void>executeBlocking(
                        () -> {
                          UpdateLog.append(file, record);
                          return null;
                        },
                        false)
                    .recover(
                        error -> {
                          // Delivery goes on from memory; only an agent restart would lose it.
                          LOG.error("could not log a status update of task {}: {}", stream.taskId, error.toString());
                          return Future.succeededFuture();
                        }));
    return stream.writes;
  }

  private static String key(String frameworkId, String taskId) {
    return frameworkId + "/" + taskId;
  }

  private static ByteString randomUuid() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(bytes.array());
  }
}
