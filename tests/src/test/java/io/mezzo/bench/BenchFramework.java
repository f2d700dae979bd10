package io.mezzo.bench;

import io.mezzo.client.SchedulerClient;
import io.mezzo.client.SchedulerClientOptions;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduler that launches a fixed number of identical tasks as fast as offers allow,
 * acknowledges every update, and times each task from the ACCEPT that launched it to its
 * TASK_RUNNING, as the framework sees it. Events arrive on one context, so its state needs
 * no locks.
 */
final class BenchFramework {
  /**
   * What one run measured.
   *
   * @param tasks how many tasks finished
   * @param seconds from the first ACCEPT to the last TASK_FINISHED
   * @param acceptToRunningNanos each task's time from its ACCEPT to its TASK_RUNNING
   */
  record Result(int tasks, double seconds, long[] acceptToRunningNanos) {
    double tasksPerSecond() {
      return tasks / seconds;
    }

    double latencyMillis(double quantile) {
      return Stats.percentile(acceptToRunningNanos.clone(), quantile) / 1e6;
    }
  }

  /** Refusal of offers once every task is launched: long enough to outlast the run. */
  private static final Filters DONE = Filters.newBuilder().setRefuseSeconds(3600).build();
  /** Refusal of offers too small for one task, or of what a launch left over: none. */
  private static final Filters AGAIN = Filters.newBuilder().setRefuseSeconds(0).build();

  private final Vertx vertx;
  private final int total;
  private final String command;
  private final Resources each;
  private final Promise<Result> done = Promise.promise();
  private final Map<String, Long> acceptedAt = new HashMap<>();
  private final long[] latencies;
  private SchedulerClient client;
  private int launched;
  private int running;
  private int finished;
  private long firstAccept;

  /** Launches {@code total} tasks of {@code command}, each taking {@code resources}. */
  BenchFramework(Vertx vertx, int total, String command, String resources) {
    this.vertx = vertx;
    this.total = total;
    this.command = command;
    this.each = Resources.parse(resources);
    this.latencies = new long[total];
  }

  /** Subscribes and runs every task; completes once all have finished. */
  Future<Result> run(String name) {
    client = SchedulerClient.create(vertx, new SchedulerClientOptions().setRequestTimeout(Duration.ofSeconds(60)));
    FrameworkInfo info = FrameworkInfo.newBuilder().setUser("bench").setName(name).build();
    return client.subscribe(info, this::onEvent).compose(id -> done.future()).eventually(client::close);
  }

  private void onEvent(Event event) {
    switch (event.getType()) {
      case OFFERS -> event.getOffers().getOffersList().forEach(this::offered);
      case UPDATE -> updated(event.getUpdate().getStatus());
      case ERROR -> done.tryFail("the master ended the subscription: " + event.getError().getMessage());
      default -> { }
    }
  }

  private void offered(Offer offer) {
    if (launched == total) {
      client.decline(List.of(offer.getId()), DONE);
      return;
    }
    Resources available = Resources.fromProto(offer.getResourcesList());
    List<TaskInfo> tasks = new ArrayList<>();
    while (launched < total && available.contains(each)) {
      tasks.add(task(launched++, offer));
      available = available.minus(each);
    }
    if (tasks.isEmpty()) {
      client.decline(List.of(offer.getId()), AGAIN);
      return;
    }
    long now = System.nanoTime();
    if (firstAccept == 0) {
      firstAccept = now;
    }
    tasks.forEach(task -> acceptedAt.put(task.getTaskId().getValue(), now));
    client.launch(List.of(offer.getId()), tasks, AGAIN).onFailure(done::tryFail);
  }

  private void updated(TaskStatus status) {
    client.acknowledge(status);
    String taskId = status.getTaskId().getValue();
    TaskState state = status.getState();
    if (state == TaskState.TASK_RUNNING) {
      Long accepted = acceptedAt.remove(taskId);
      if (accepted != null) {
        latencies[running++] = System.nanoTime() - accepted;
      }
    } else if (state == TaskState.TASK_FINISHED) {
      if (++finished == total) {
        done.tryComplete(new Result(total, (System.nanoTime() - firstAccept) / 1e9, java.util.Arrays.copyOf(latencies, running)));
      }
    } else if (TaskStates.isTerminal(state)) {
      done.tryFail("task " + taskId + " ended " + state + ": " + status.getMessage());
    }
  }

  private TaskInfo task(int index, Offer offer) {
    String id = "bench-" + index;
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .setCommand(CommandInfo.newBuilder().setValue(command))
        .addAllResources(each.toProto())
        .build();
  }
}
