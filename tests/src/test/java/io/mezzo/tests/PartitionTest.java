package io.mezzo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.node.ClusterConfig;
import io.mezzo.testing.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own fault suite, part two: a real network partition. Three masters, each in a
 * network namespace of its own on a bridge, and an agent on the bridge; the leader is cut off
 * from all of them (its veth taken down). The majority must elect a leader within 10 s, the
 * cut-off master must stop serving within its CP session TTL, and once the network heals it
 * must come back as a follower, with the CP groups at three members again. Times go to
 * {@code process-logs/faults.txt}.
 */
class PartitionTest {
  static final int MASTERS = 3;
  static final int HAZELCAST_PORT = 5701;
  static final int HTTP_PORT = 5050;
  static final Duration FAILOVER = Duration.ofSeconds(10);
  /** Longer than member_timeout + the missing-CP-member auto-removal (6 + 8 s), so the cut-off master loses its seat. */
  static final Duration CUT = Duration.ofSeconds(20);
  /** How often the cut-off master's health is read from inside its namespace. */
  static final Duration POLL = Duration.ofMillis(200);

  @TempDir Path dir;
  Netns net;
  final List<MezzoProcess> processes = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();

  @AfterEach
  void stop() {
    processes.forEach(MezzoProcess::terminate);
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aCutOffLeaderStopsServingAndComesBackAsAFollower() throws Exception {
    try {
      net = new Netns(MASTERS);
    } catch (IOException e) {
      Assumptions.abort("network namespaces cannot be made here (root and ip netns needed): " + e.getMessage());
    }
    String name = "partition-" + UUID.randomUUID();
    String members = IntStream.range(0, MASTERS).mapToObj(i -> net.address(i) + ":" + HAZELCAST_PORT)
        .collect(Collectors.joining(","));
    for (int i = 0; i < MASTERS; i++) {
      processes.add(MezzoProcess.start("partition-master-" + i, ProcessCluster.MASTER_READY, net.wrapper(i), List.of(
          "master", "--work-dir", dir.resolve("master-" + i).toString(), "--port", Integer.toString(HTTP_PORT),
          "--cluster-name", name, "--cluster-host", net.address(i), "--cluster-port", Integer.toString(HAZELCAST_PORT),
          "--members", members, "--cp-member-count", Integer.toString(MASTERS),
          "--allocation-interval", "200ms", "--agent-ping-interval", "500ms", "--max-missed-pings", "10")));
    }
    int leader = awaitLeader(Duration.ofSeconds(120), -1);
    processes.add(MezzoProcess.start("partition-agent", ProcessCluster.AGENT_READY, List.of(
        "agent", "--work-dir", dir.resolve("agent").toString(), "--resources", "cpus:2;mem:1024;disk:1024",
        "--port", Integer.toString(ProcessCluster.freePort()), "--cluster-name", name,
        "--cluster-host", net.hostAddress(), "--cluster-port", "5801", "--members", members,
        "--cp-member-count", Integer.toString(MASTERS))));
    awaitBounded("every master holds its CP seat", Duration.ofSeconds(90), this::fullCpGroups);

    net.cut(leader);
    long cutAt = System.nanoTime();
    // The cut-off master is watched from inside its namespace, on a thread of its own so that
    // the other masters' polls do not coarsen the measure.
    java.util.concurrent.CompletableFuture<Double> stopped = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      int cut = leader;
      while (System.nanoTime() - cutAt < CUT.toNanos()) {
        if (!"200".equals(healthInside(cut))) {
          return seconds(cutAt);
        }
        pause(POLL.toMillis() / 2);
      }
      return -1.0;
    });
    int next = -1;
    double failover = -1;
    long healAt = cutAt + CUT.toNanos();
    while (System.nanoTime() < healAt) {
      if (next < 0) {
        next = leaderAmong(leader);
        if (next >= 0) {
          failover = seconds(cutAt);
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    double stoppedServing = stopped.get(10, java.util.concurrent.TimeUnit.SECONDS);
    net.heal(leader);
    long healedAt = System.nanoTime();
    int cutOff = leader;
    awaitBounded("the healed master holds its CP seat again", Duration.ofSeconds(90), this::fullCpGroups);
    double rejoined = seconds(healedAt);
    int after = awaitLeader(FAILOVER, -1);
    assertTrue(processes.get(cutOff).logContains(LeaderFaultsTest.REJOINED), "the cut-off master kept its CP seat");
    LeaderFaultsTest.record(String.format("partition of leader master-%d for %d s: it stopped serving after %.2f s, "
        + "master-%d led after %.2f s; healed, the CP groups had 3 members again after %.2f s, master-%d leading",
        leader, CUT.toSeconds(), stoppedServing, next, failover, rejoined, after));

    double ttl = ClusterConfig.DEFAULT_CP_SESSION_TTL.toMillis() / 1000.0;
    assertTrue(next >= 0 && failover <= FAILOVER.toSeconds(), "no leader on the majority side within " + FAILOVER);
    // Half a second of slack for the observation itself (a curl every 100 ms on a busy machine).
    assertTrue(stoppedServing >= 0 && stoppedServing <= ttl + 0.5,
        "the cut-off master still served " + stoppedServing + " s after the cut (CP session TTL " + ttl + " s)");
    assertNotEquals(cutOff, after, "the healed master took the lead back");
    assertNotEquals("200", healthInside(cutOff), "the healed master acts as leader");
    assertEquals(-1, leaderAmong(after), "two leaders after healing");
  }

  /** The leading master, or -1; {@code except} is not asked (-1: all are). */
  private int leaderAmong(int except) {
    for (int i = 0; i < MASTERS; i++) {
      if (i != except && "200".equals(health(i))) {
        return i;
      }
    }
    return -1;
  }

  private int awaitLeader(Duration timeout, int except) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int leader = leaderAmong(except);
      if (leader >= 0) {
        return leader;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError("no master led within " + timeout);
  }

  private boolean fullCpGroups() {
    for (int i = 0; i < MASTERS; i++) {
      String scrape = get(i, "/metrics");
      if (scrape == null) {
        return false;
      }
      PrometheusText metrics = PrometheusText.parse(scrape);
      if (metrics.value("mezzo_leader_cp_seated") != 1 || metrics.value("mezzo_leader_cp_members") != MASTERS) {
        return false;
      }
    }
    return true;
  }

  /** The status of master {@code i}'s health check, read from this namespace; null when unanswered. */
  private String health(int i) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(i, "/master/health"))).timeout(Duration.ofSeconds(1)).build();
    try {
      return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The status of master {@code i}'s health check, read from inside its own namespace. */
  private String healthInside(int i) {
    try {
      return net.exec(i, "curl", "-s", "-o", "/dev/null", "-m", "1", "-w", "%{http_code}", url(i, "/master/health")).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private String get(int i, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(i, path))).timeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private String url(int i, String path) {
    return "http://" + net.address(i) + ":" + HTTP_PORT + path;
  }

  private static void awaitBounded(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(300);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
