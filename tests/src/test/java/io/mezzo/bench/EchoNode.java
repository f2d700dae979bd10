package io.mezzo.bench;

import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The other JVM of {@link EventBusBench}: joins the cluster as a lite member, as agents do,
 * and answers every request on {@link #ADDRESS} with its own body. Stops when its standard
 * input closes (the benchmark ends it, or dies).
 */
public final class EchoNode {
  static final String ADDRESS = "mezzo.bench.echo";
  static final String READY = "echo ready";

  private EchoNode() {}

  /** Arguments: the cluster name, this node's Hazelcast port, the member to join ({@code host:port}). */
  public static void main(String[] args) throws Exception {
    ClusterConfig cluster = new ClusterConfig(args[0], "127.0.0.1", Integer.parseInt(args[1]), true, List.of(args[2]), 0, null);
    Vertx vertx = ClusteredVertx.start(cluster, true).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    vertx.eventBus().consumer(ADDRESS, message -> message.reply(message.body()))
        .completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println(READY);
    System.out.flush();
    CountDownLatch stdinClosed = new CountDownLatch(1);
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Nothing is ever sent; this only waits for the end.
        }
      } catch (java.io.IOException e) {
        // Closed: the same as the end.
      }
      stdinClosed.countDown();
    }, "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
    stdinClosed.await();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
