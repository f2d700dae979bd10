package io.mezzo.mesos;

import io.mezzo.tests.Loopback;
import io.mezzo.tests.MezzoProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three {@code mezzo master} processes electing a leader through the CP subsystem, and one
 * agent, on free loopback ports: what a Mesos client meets in production, standbys included.
 */
final class MesosCluster implements AutoCloseable {
  private static final int MASTERS = 3;

  private final String name = "mesos-ha-" + UUID.randomUUID();
  private final int[] httpPorts = new int[MASTERS];
  private final int[] clusterPorts = new int[MASTERS];
  private final List<MezzoProcess> processes = new ArrayList<>();

  MesosCluster() throws IOException {
    Path dir = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).toAbsolutePath().getParent().resolve(name);
    Files.createDirectories(dir);
    for (int i = 0; i < MASTERS; i++) {
      httpPorts[i] = Loopback.freePort();
      clusterPorts[i] = Loopback.freePort();
    }
    String members = IntStream.of(clusterPorts).mapToObj(port -> Loopback.HOST + ":" + port).collect(Collectors.joining(","));
    try {
      for (int i = 0; i < MASTERS; i++) {
        processes.add(MezzoProcess.start("ha-master-" + i, Pattern.compile("mezzo master ready"), List.of(
            "master", "--work-dir", dir.resolve("master-" + i).toString(), "--port", Integer.toString(httpPorts[i]),
            "--cluster-name", name, "--cluster-host", Loopback.HOST, "--cluster-port", Integer.toString(clusterPorts[i]),
            "--members", members, "--cp-member-count", Integer.toString(MASTERS), "--allocation-interval", "200ms")));
      }
      processes.add(MezzoProcess.start("ha-agent", Pattern.compile("mezzo agent ready"), List.of(
          "agent", "--work-dir", dir.resolve("agent").toString(), "--resources", MesosLocal.RESOURCES,
          "--port", Integer.toString(Loopback.freePort()), "--cluster-name", name, "--cluster-host", Loopback.HOST,
          "--cluster-port", Integer.toString(Loopback.freePort()), "--members", members)));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  URI master(int index) {
    return URI.create("http://" + Loopback.HOST + ":" + httpPorts[index]);
  }

  /** The index of the leading master (its /master/health answers 200), waiting up to {@code timeout}. */
  int awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < MASTERS; i++) {
        try {
          if (Http.get(master(i).resolve("/master/health")).statusCode() == 200) {
            return i;
          }
        } catch (IOException e) {
          // Not up yet.
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no master led within " + timeout);
  }

  @Override
  public void close() {
    processes.forEach(MezzoProcess::terminate);
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
