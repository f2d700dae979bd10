package io.mezzo.tests;

import io.mezzo.client.SchedulerClient;
import io.mezzo.model.Resources;
import io.mezzo.testing.Await;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A framework that runs a batch of identical tasks the way a careful Mesos framework does:
 * it launches into whatever offers fit, acknowledges every update, re-subscribes (through
 * the client) when the leader changes and then reconciles, and launches again any task the
 * master turns out not to know. Everything it hears is recorded for the test to inspect.
 *
 * <p>Each job of the batch is one logical ID; each launch of it is a task of its own ID (the
 * job's ID first, {@code <job>.retry-<n>} for the n-th relaunch). A relaunch never reuses the
 * ID the master just called lost: the lost launch and the new one are different tasks, and
 * under one ID their updates would read as one task going back from LOST to RUNNING (Mesos
 * too advises against reusing task IDs, MESOS-2198).
 */
final class BatchFramework {
  private final SchedulerClient client;
  private final FrameworkInfo info;
  private final String command;
  private final Resources shape;
  private final Set<String> pending = new LinkedHashSet<>();
  private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
  private final Map<String, List<TaskStatus>> updates = new ConcurrentHashMap<>();
  /** Each job's launches, by task ID, first launch first. */
  private final Map<String, List<String>> attempts = new ConcurrentHashMap<>();
  /** The job of each task ID launched. */
  private final Map<String, String> jobOf = new ConcurrentHashMap<>();
  final AtomicInteger subscriptions = new AtomicInteger();

  BatchFramework(Vertx vertx, String name, double failoverTimeout, List<String> taskIds, String command, String shape) {
    this.client = SchedulerClient.create(vertx);
    this.info = FrameworkInfo.newBuilder().setUser("tester").setName(name).setFailoverTimeout(failoverTimeout).build();
    this.command = command;
    this.shape = Resources.parse(shape);
    this.pending.addAll(taskIds);
  }

  void subscribe(Vertx vertx) {
    Await.result(client.subscribe(info, this::onEvent));
    // Reconciliation of a doubtful launch gets no answer while agents re-register with a new
    // leader; ask again until it does.
    vertx.setPeriodic(2000, id -> reconcileUncertain());
  }

  private void reconcileUncertain() {
    List<Call.Reconcile.Task> doubtful = new ArrayList<>();
    uncertain.forEach(id -> doubtful.add(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(id)).build()));
    if (!doubtful.isEmpty()) {
      client.reconcile(doubtful);
    }
  }

  SchedulerClient client() {
    return client;
  }

  /** The latest state heard for a job's latest launch, or null. */
  TaskState latest(String job) {
    List<String> launches = attempts(job);
    List<TaskStatus> statuses = launches.isEmpty() ? null : updates.get(launches.get(launches.size() - 1));
    return statuses == null || statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).getState();
  }

  /** Every update heard for a job, of all its launches in order. */
  List<TaskStatus> updates(String job) {
    List<TaskStatus> all = new ArrayList<>();
    attempts(job).forEach(taskId -> all.addAll(updatesOfTask(taskId)));
    return all;
  }

  /** The task IDs a job was launched under, first launch first. */
  List<String> attempts(String job) {
    return List.copyOf(attempts.getOrDefault(job, List.of()));
  }

  /** Every update heard for one launch (task ID) of a job. */
  List<TaskStatus> updatesOfTask(String taskId) {
    return updates.getOrDefault(taskId, List.of());
  }

  /** The job a task ID was launched for, or null. */
  String jobOf(String taskId) {
    return jobOf.get(taskId);
  }

  private void onEvent(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> {
        if (subscriptions.incrementAndGet() > 1) {
          // A new leader: ask what became of every task, and of launches that may not have landed.
          client.reconcile(List.of());
          reconcileUncertain();
        }
      }
      case OFFERS -> event.getOffers().getOffersList().forEach(this::use);
      case UPDATE -> {
        TaskStatus status = event.getUpdate().getStatus();
        String id = status.getTaskId().getValue();
        updates.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(status);
        client.acknowledge(status);
        if (uncertain.remove(id) && unknownToMaster(status)) {
          pending.add(jobOf.getOrDefault(id, id));
        }
      }
      default -> { }
    }
  }

  private static boolean unknownToMaster(TaskStatus status) {
    return status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION
        && (status.getState() == TaskState.TASK_LOST || status.getState() == TaskState.TASK_GONE
            || status.getState() == TaskState.TASK_UNKNOWN);
  }

  /** A fresh task ID for the job's next launch, recorded before the launch goes out. */
  private String nextTaskId(String job) {
    List<String> launches = attempts.computeIfAbsent(job, k -> new CopyOnWriteArrayList<>());
    String taskId = launches.isEmpty() ? job : job + ".retry-" + launches.size();
    jobOf.put(taskId, job);
    launches.add(taskId);
    return taskId;
  }

  private void use(Offer offer) {
    Resources available = Resources.fromProto(offer.getResourcesList());
    List<TaskInfo> tasks = new ArrayList<>();
    var ids = pending.iterator();
    while (ids.hasNext() && available.contains(shape)) {
      String job = ids.next();
      ids.remove();
      tasks.add(TestFramework.task(nextTaskId(job), offer, command, shape.toString()));
      available = available.minus(shape);
    }
    Filters filters = Filters.newBuilder().setRefuseSeconds(tasks.isEmpty() ? 1 : 0).build();
    if (tasks.isEmpty()) {
      client.decline(List.of(offer.getId()), filters);
      return;
    }
    client.launch(List.of(offer.getId()), tasks, filters).onFailure(error -> {
      // The leader may have died before or after launching: find out after re-subscribing.
      tasks.forEach(task -> uncertain.add(task.getTaskId().getValue()));
    });
  }
}
