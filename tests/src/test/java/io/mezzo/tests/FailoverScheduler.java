package io.mezzo.tests;

import io.mezzo.client.SchedulerClient;
import io.mezzo.model.Resources;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduler that runs in a JVM of its own, so that a test can kill it with {@code kill -9}
 * and start it again, as schedulers die and come back in production. It prints what it hears
 * on stdout, one line per event, for the test to read:
 *
 * <pre>
 * subscribed FRAMEWORK_ID
 * offer AGENT_ID
 * update TASK_ID STATE REASON
 * subscribe failed: WHY        (then it exits with status 3)
 * </pre>
 *
 * <p>Arguments: the five of {@link ProcessCluster#frameworkArgs()}, then the failover timeout
 * in seconds, the framework ID to re-subscribe with ({@code -} for a new framework), and any
 * number of {@code TASK_ID=COMMAND} tasks to launch. A re-subscribed scheduler launches
 * nothing; it asks the master what became of its tasks (implicit reconciliation), as a
 * restarted Mesos scheduler does.
 */
public final class FailoverScheduler {
  static final String TASK_RESOURCES = "cpus:0.25;mem:32";

  private final SchedulerClient client;
  private final Map<String, String> toLaunch;

  private FailoverScheduler(SchedulerClient client, Map<String, String> toLaunch) {
    this.client = client;
    this.toLaunch = toLaunch;
  }

  public static void main(String[] args) throws Exception {
    List<String> clusterArgs = List.of(args).subList(0, 5);
    double failoverTimeout = Double.parseDouble(args[5]);
    String frameworkId = args[6];
    Map<String, String> tasks = new LinkedHashMap<>();
    for (int i = 7; i < args.length; i++) {
      String[] task = args[i].split("=", 2);
      tasks.put(task[0], task[1]);
    }
    Vertx vertx = ClusteredVertx.start(ProcessCluster.frameworkClusterConfig(clusterArgs), true)
        .toCompletionStage().toCompletableFuture().get();
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("tester").setName("failover")
        .setFailoverTimeout(failoverTimeout);
    boolean resubscribing = !frameworkId.equals("-");
    if (resubscribing) {
      info.setId(FrameworkID.newBuilder().setValue(frameworkId));
    }
    SchedulerClient client = SchedulerClient.create(vertx);
    FailoverScheduler scheduler = new FailoverScheduler(client, resubscribing ? Map.of() : tasks);
    client.subscribe(info.build(), scheduler::onEvent).onComplete(subscribed -> {
      if (subscribed.failed()) {
        System.out.println("subscribe failed: " + subscribed.cause().getMessage());
        System.exit(3);
      }
    });
  }

  private void onEvent(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> {
        System.out.println("subscribed " + event.getSubscribed().getFrameworkId().getValue());
        client.reconcile(List.of());
      }
      case OFFERS -> event.getOffers().getOffersList().forEach(offer -> {
        System.out.println("offer " + offer.getAgentId().getValue());
        use(offer);
      });
      case UPDATE -> {
        TaskStatus status = event.getUpdate().getStatus();
        System.out.println("update " + status.getTaskId().getValue() + " " + status.getState() + " " + status.getReason());
        client.acknowledge(status);
      }
      default -> { }
    }
  }

  /** Launches what is left to launch into the offer, or declines it. */
  private void use(Offer offer) {
    Resources shape = Resources.parse(TASK_RESOURCES);
    Resources available = Resources.fromProto(offer.getResourcesList());
    List<TaskInfo> launch = new ArrayList<>();
    var pending = toLaunch.entrySet().iterator();
    while (pending.hasNext() && available.contains(shape)) {
      var task = pending.next();
      pending.remove();
      launch.add(TestFramework.task(task.getKey(), offer, task.getValue(), TASK_RESOURCES));
      available = available.minus(shape);
    }
    if (launch.isEmpty()) {
      client.decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(1).build());
    } else {
      client.launch(offer.getId(), launch);
    }
  }
}
