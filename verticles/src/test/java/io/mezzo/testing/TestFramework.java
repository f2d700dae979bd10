package io.mezzo.testing;

import io.mezzo.client.SchedulerClient;
import io.mezzo.client.SchedulerClientOptions;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.mezzo.model.Resources;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A framework for tests: the real scheduler client, with every event recorded so a test
 * thread can wait for the ones it expects. Updates are acknowledged automatically unless
 * the test turns that off.
 */
public final class TestFramework {
  private final Vertx vertx;
  private final FrameworkInfo.Builder info;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
  private final Map<String, List<TaskStatus>> updates = new ConcurrentHashMap<>();
  private final List<TaskStatus> allUpdates = new CopyOnWriteArrayList<>();
  private volatile boolean autoAcknowledge = true;
  private SchedulerClient client;

  public TestFramework(Vertx vertx, String name) {
    this.vertx = vertx;
    this.info = FrameworkInfo.newBuilder().setUser("tester").setName(name);
  }

  public TestFramework role(String role) {
    info.setRole(role);
    return this;
  }

  public TestFramework partitionAware() {
    info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    return this;
  }

  public TestFramework failoverTimeout(double seconds) {
    info.setFailoverTimeout(seconds);
    return this;
  }

  /** The framework checkpoints: its custom executors wait for a restarted agent (MESOS_CHECKPOINT=1). */
  public TestFramework checkpoint() {
    info.setCheckpoint(true);
    return this;
  }

  public TestFramework autoAcknowledge(boolean on) {
    autoAcknowledge = on;
    return this;
  }

  /** Subscribes (again, with its ID, when already subscribed once) through a new client. */
  public FrameworkID subscribe() {
    if (client != null && client.frameworkId() != null) {
      info.setId(client.frameworkId());
    }
    client = SchedulerClient.create(vertx, new SchedulerClientOptions().setRequestTimeout(Duration.ofSeconds(10)));
    return Await.result(client.subscribe(info.build(), this::record));
  }

  public SchedulerClient client() {
    return client;
  }

  public FrameworkID id() {
    return client.frameworkId();
  }

  private void record(Event event) {
    events.add(event);
    if (event.getType() == Event.Type.OFFERS) {
      offers.addAll(event.getOffers().getOffersList());
    } else if (event.getType() == Event.Type.UPDATE) {
      TaskStatus status = event.getUpdate().getStatus();
      updates.computeIfAbsent(status.getTaskId().getValue(), id -> new CopyOnWriteArrayList<>()).add(status);
      allUpdates.add(status);
      if (autoAcknowledge) {
        client.acknowledge(status);
      }
    }
  }

  /** The next offer, waiting up to {@code timeout}. */
  public Offer nextOffer(Duration timeout) {
    try {
      Offer offer = offers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (offer == null) {
        throw new AssertionError(info.getName() + " got no offer within " + timeout);
      }
      return offer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next offer within {@code timeout}, or null. */
  public Offer pollOffer(Duration timeout) {
    try {
      return offers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The first event after now that matches, waiting up to {@code timeout}. */
  public Event nextEvent(Predicate<Event> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError(info.getName() + " got no matching event within " + timeout);
        }
        if (match.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every update received for a task, in order. */
  public List<TaskStatus> updates(String taskId) {
    return updates.getOrDefault(taskId, List.of());
  }

  public List<TaskStatus> allUpdates() {
    return new ArrayList<>(allUpdates);
  }

  /** The latest state received for a task, or null. */
  public TaskState latestState(String taskId) {
    List<TaskStatus> statuses = updates.get(taskId);
    return statuses == null || statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).getState();
  }

  /** Waits until a task's latest state is {@code state}; returns that status. */
  public TaskStatus awaitState(String taskId, TaskState state, Duration timeout) {
    Await.until("task " + taskId + " in " + state + " (latest " + latestState(taskId) + ")", timeout,
        () -> latestState(taskId) == state);
    List<TaskStatus> statuses = updates.get(taskId);
    return statuses.get(statuses.size() - 1);
  }

  /** Launches {@code tasks} on {@code offer}, refusing the rest for {@code refuseSeconds}. */
  public void launch(Offer offer, List<TaskInfo> tasks, double refuseSeconds) {
    Await.result(client.launch(List.of(offer.getId()), tasks, Filters.newBuilder().setRefuseSeconds(refuseSeconds).build()));
  }

  /** Launches task group {@code group} on {@code executor} (a DEFAULT one) with {@code offer}, refusing the rest for {@code refuseSeconds}. */
  public void launchGroup(Offer offer, ExecutorInfo executor, TaskGroupInfo group, double refuseSeconds) {
    Await.result(client.accept(List.of(offer.getId()), List.of(Offer.Operation.newBuilder()
            .setType(Offer.Operation.Type.LAUNCH_GROUP)
            .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor).setTaskGroup(group))
            .build()),
        Filters.newBuilder().setRefuseSeconds(refuseSeconds).build()));
  }

  /** A command task for {@code offer}'s agent. */
  public static TaskInfo task(String id, Offer offer, String command, String resources) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .setCommand(CommandInfo.newBuilder().setValue(command))
        .addAllResources(Resources.parse(resources).toProto())
        .build();
  }
}
