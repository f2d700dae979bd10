package io.mezzo.bench;

import com.google.protobuf.ByteString;
import io.mezzo.node.ClusterConfig;
import io.mezzo.node.ClusteredVertx;
import io.mezzo.testing.Await;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.StatusUpdate;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Request/reply over the clustered event bus between this JVM (a Hazelcast data member, as a
 * master is) and another ({@link EchoNode}, a lite member, as an agent is) on loopback: the
 * ceiling for anything Mezzo does across nodes. Each request carries a status update, the
 * message Mezzo sends most.
 */
final class EventBusBench {
  /** Requests kept in flight for the throughput figure. */
  static final int WINDOW = 64;
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(30_000);

  /**
   * @param sequentialPerSecond one request at a time: round trips per second
   * @param p50Micros median round trip, one at a time
   * @param p99Micros 99th percentile round trip, one at a time
   * @param pipelinedPerSecond requests per second with {@link #WINDOW} in flight
   */
  record Result(double sequentialPerSecond, double p50Micros, double p99Micros, double pipelinedPerSecond) {}

  private EventBusBench() {}

  static Result run(Duration each, Path logs) throws Exception {
    String name = "mezzo-bench-" + UUID.randomUUID();
    ClusterConfig cluster = new ClusterConfig(name, "127.0.0.1", freePort(), true, List.of(), 0, null);
    Vertx vertx = Await.result(ClusteredVertx.start(cluster, false), Duration.ofMinutes(2));
    Process echo = null;
    try {
      int port = ClusteredVertx.hazelcast(vertx).getCluster().getLocalMember().getAddress().getPort();
      echo = startEcho(name, "127.0.0.1:" + port, logs);
      awaitAnswers(vertx);
      Context context = vertx.getOrCreateContext();
      measure(context, vertx, each); // warm-up: the JIT, the connections, Hazelcast's caches
      long[] roundTrips = measure(context, vertx, each);
      double sequential = roundTrips.length / (each.toNanos() / 1e9);
      double pipelined = pipelined(context, vertx, each) / (each.toNanos() / 1e9);
      return new Result(sequential, Stats.percentile(roundTrips, 0.5) / 1e3, Stats.percentile(roundTrips, 0.99) / 1e3,
          pipelined);
    } finally {
      if (echo != null) {
        echo.getOutputStream().close(); // the echo node's signal to leave the cluster
        if (!echo.waitFor(30, TimeUnit.SECONDS)) {
          echo.destroyForcibly();
        }
      }
      Await.result(vertx.close(), Duration.ofMinutes(1));
    }
  }

  /** Round trips, one request at a time, for {@code length}: each one's time in nanoseconds. */
  private static long[] measure(Context context, Vertx vertx, Duration length) {
    Promise<long[]> done = Promise.promise();
    context.runOnContext(v -> new Object() {
      final long deadline = System.nanoTime() + length.toNanos();
      long[] times = new long[1024];
      int count;

      void next() {
        long start = System.nanoTime();
        vertx.eventBus().request(EchoNode.ADDRESS, MESSAGE, TIMEOUT).onComplete(reply -> {
          if (reply.failed()) {
            done.fail(reply.cause());
            return;
          }
          long now = System.nanoTime();
          if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
          }
          times[count++] = now - start;
          if (now < deadline) {
            next();
          } else {
            done.complete(Arrays.copyOf(times, count));
          }
        });
      }
    }.next());
    return Await.result(done.future(), length.plusMinutes(1));
  }

  /** Requests answered in {@code length} with {@link #WINDOW} always in flight. */
  private static long pipelined(Context context, Vertx vertx, Duration length) {
    Promise<Long> done = Promise.promise();
    context.runOnContext(v -> new Object() {
      final long deadline = System.nanoTime() + length.toNanos();
      long answered;
      int inFlight;

      void start() {
        for (int i = 0; i < WINDOW; i++) {
          next();
        }
      }

      void next() {
        inFlight++;
        vertx.eventBus().request(EchoNode.ADDRESS, MESSAGE, TIMEOUT).onComplete(reply -> {
          inFlight--;
          if (reply.failed()) {
            done.tryFail(reply.cause());
            return;
          }
          if (System.nanoTime() < deadline) {
            answered++;
            next();
          } else if (inFlight == 0) {
            done.tryComplete(answered);
          }
        });
      }
    }.start());
    return Await.result(done.future(), length.plusMinutes(1));
  }

  private static Process startEcho(String cluster, String member, Path logs) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process echo = new ProcessBuilder(java, "-Xmx512m", "-Djava.net.preferIPv4Stack=true",
        "-Dhazelcast.phone.home.enabled=false", "-cp", System.getProperty("java.class.path"),
        EchoNode.class.getName(), cluster, Integer.toString(freePort()), member)
        .redirectError(logs.resolve("echo-node.log").toFile())
        .start();
    CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals(EchoNode.READY)) {
            return;
          }
        }
        throw new IllegalStateException("the echo node ended; see " + logs.resolve("echo-node.log"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      ready.get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      echo.destroyForcibly();
      throw new IllegalStateException("the echo node did not start: " + e.getMessage(), e);
    }
    return echo;
  }

  /** Waits until the echo node's consumer is known cluster-wide: its first answer. */
  private static void awaitAnswers(Vertx vertx) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        Await.result(vertx.eventBus().request(EchoNode.ADDRESS, MESSAGE, new DeliveryOptions().setSendTimeout(2_000)));
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A status update as an agent sends one to the master. */
  static final AgentCall MESSAGE = AgentCall.newBuilder()
      .setType(AgentCall.Type.UPDATE_STATUS)
      .setAgentId(AgentID.newBuilder().setValue("0b5c6a4e-1c47-4f7e-9a3c-2f1e8d7c6b5a-S0"))
      .setUpdateStatus(StatusUpdate.newBuilder()
          .setFrameworkId(FrameworkID.newBuilder().setValue("7d0e9f3a-5b21-4c8e-b6f4-1a2b3c4d5e6f-0000"))
          .setStatus(TaskStatus.newBuilder()
              .setTaskId(TaskID.newBuilder().setValue("web-1"))
              .setState(TaskState.TASK_RUNNING)
              .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
              .setUuid(ByteString.copyFrom(new byte[16]))
              .setTimestamp(1_700_000_000.0))
          .setLatestState(TaskState.TASK_RUNNING))
      .build();
}
