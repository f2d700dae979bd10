package io.mezzo.cli;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived node: joins the cluster, starts the node's services, says where it is,
 * and stays until SIGTERM or Ctrl-C, when it leaves the cluster cleanly. A node may ask to
 * rejoin (a master whose CP seat was taken away while it lived): it then leaves the cluster
 * and joins it again as a new Hazelcast member, with its services started afresh.
 */
final class NodeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

  /** How long start-up may take before the node gives up. */
  static final long START_TIMEOUT_SECONDS = 120;
  static final long STOP_TIMEOUT_SECONDS = 30;
  /** The longest a node's own clean-up may delay its stop. */
  static final long BEFORE_STOP_TIMEOUT_SECONDS = 20;
  /** Between attempts to join again after a rejoin failed. */
  static final long REJOIN_RETRY_MILLIS = 2000;

  /** For a node that has no CP seat to lose (one master in {@code mezzo local}). */
  static final Runnable NO_REJOIN = () -> LOG.warn("this node cannot rejoin the cluster by itself; restart it");

  private final ClusterConfig cluster;
  private final boolean liteMember;
  private final BiFunction<Vertx, Runnable, Future<String>> services;
  private final Supplier<Future<?>> beforeStop;
  private final PrintStream out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Counts down when the node asks to rejoin or is asked to stop. */
  private volatile CountDownLatch wake = new CountDownLatch(1);
  private Vertx vertx;
  private boolean stopping;
  private int generation;

  private NodeRunner(ClusterConfig cluster, boolean liteMember, BiFunction<Vertx, Runnable, Future<String>> services,
      Supplier<Future<?>> beforeStop, PrintStream out) {
    this.cluster = cluster;
    this.liteMember = liteMember;
    this.services = services;
    this.beforeStop = beforeStop;
    this.out = out;
  }

  /**
   * @param services starts the node's services on the clustered Vert.x and returns the
   *     line to print once they run
   * @return the process exit code
   */
  static int run(ClusterConfig cluster, boolean liteMember, Function<Vertx, Future<String>> services, PrintStream out)
      throws Exception {
    return run(cluster, liteMember, services, () -> Future.succeededFuture(), out);
  }

  /**
   * As {@link #run(ClusterConfig, boolean, Function, PrintStream)}, running {@code beforeStop}
   * (for at most {@link #BEFORE_STOP_TIMEOUT_SECONDS}) when asked to stop, before the node
   * leaves the cluster.
   */
  static int run(ClusterConfig cluster, boolean liteMember, Function<Vertx, Future<String>> services,
      Supplier<Future<?>> beforeStop, PrintStream out) throws Exception {
    return runRejoining(cluster, liteMember, (vertx, rejoin) -> services.apply(vertx), beforeStop, out);
  }

  /**
   * As {@link #run(ClusterConfig, boolean, Function, Supplier, PrintStream)}, for a node whose
   * services may ask to rejoin the cluster through the {@code Runnable} they are given:
   * {@code beforeStop} runs, the node leaves, joins again and starts its services again.
   */
  static int runRejoining(ClusterConfig cluster, boolean liteMember, BiFunction<Vertx, Runnable, Future<String>> services,
      Supplier<Future<?>> beforeStop, PrintStream out) throws Exception {
    return new NodeRunner(cluster, liteMember, services, beforeStop, out).run();
  }

  private int run() throws Exception {
    synchronized (this) {
      join();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, "mezzo-shutdown"));
    while (true) {
      CountDownLatch current = wake;
      current.await();
      synchronized (this) {
        if (stopping) {
          break;
        }
        wake = new CountDownLatch(1);
        rejoin();
      }
    }
    stopped.await();
    return 0;
  }

  /** Joins the cluster and starts the services; blocking, under this runner's lock. */
  private void join() throws Exception {
    Vertx joined = ClusteredVertx.start(cluster, liteMember).toCompletionStage().toCompletableFuture()
        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    int joinedGeneration = ++generation;
    String ready;
    try {
      ready = services.apply(joined, () -> requestRejoin(joinedGeneration)).toCompletionStage().toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      close(joined);
      throw e;
    }
    vertx = joined;
    out.println(ready);
    out.flush();
  }

  /** Called by the services of one membership; later calls of an earlier one are ignored. */
  private void requestRejoin(int fromGeneration) {
    synchronized (this) {
      if (fromGeneration != generation || stopping) {
        return;
      }
    }
    wake.countDown();
  }

  /** Leaves the cluster and joins it again until that works or the node is asked to stop. */
  private void rejoin() {
    LOG.warn("leaving the cluster to join it again as a new member");
    stopServices();
    while (!stopping) {
      try {
        join();
        LOG.info("joined the cluster again");
        return;
      } catch (Exception e) {
        LOG.warn("could not join the cluster again, retrying: {}", e.toString());
        try {
          wait(REJOIN_RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void shutDown() {
    LOG.info("shutting down");
    synchronized (this) {
      stopping = true;
      notifyAll();
      stopServices();
    }
    wake.countDown();
    stopped.countDown();
  }

  /** Runs {@code beforeStop} and leaves the cluster; under this runner's lock. */
  private void stopServices() {
    if (vertx == null) {
      return;
    }
    try {
      beforeStop.get().toCompletionStage().toCompletableFuture().get(BEFORE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("could not finish before stopping: {}", e.toString());
    }
    close(vertx);
    vertx = null;
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("could not stop cleanly: {}", e.toString());
    }
  }
}
