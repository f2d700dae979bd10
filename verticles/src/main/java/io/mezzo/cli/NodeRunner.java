package io.mezzo.cli;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived node: joins the cluster, starts the node's services, says where it is,
 * and stays until SIGTERM or Ctrl-C, when it leaves the cluster cleanly.
 */
final class NodeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

  /** How long start-up may take before the node gives up. */
  static final long START_TIMEOUT_SECONDS = 120;
  static final long STOP_TIMEOUT_SECONDS = 30;
  /** The longest a node's own clean-up may delay its stop. */
  static final long BEFORE_STOP_TIMEOUT_SECONDS = 20;

  private NodeRunner() {}

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
    Vertx vertx =
        ClusteredVertx.start(cluster, liteMember).toCompletionStage().toCompletableFuture()
            .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String ready;
    try {
      ready = services.apply(vertx).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      close(vertx);
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  try {
                    beforeStop.get().toCompletionStage().toCompletableFuture()
                        .get(BEFORE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("could not finish before stopping: {}", e.toString());
                  }
                  close(vertx);
                  stopped.countDown();
                },
                "mezzo-shutdown"));
    out.println(ready);
    out.flush();
    stopped.await();
    return 0;
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("could not stop cleanly: {}", e.toString());
    }
  }
}
