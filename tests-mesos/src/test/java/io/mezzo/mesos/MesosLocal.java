package io.mezzo.mesos;

import io.mezzo.tests.Loopback;
import io.mezzo.tests.MezzoProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code mezzo local} process (master, agent and dashboard in one JVM) on free loopback
 * ports, as a Mesos user would start a test cluster. Stopped by its PID.
 */
final class MesosLocal implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  static final String RESOURCES = "cpus:4;mem:4096;disk:4096";

  final int httpPort;
  final int agentPort;
  final Path workDir;
  private final MezzoProcess process;

  MesosLocal(String name) throws IOException {
    this.httpPort = Loopback.freePort();
    this.agentPort = Loopback.freePort();
    this.workDir = Path.of(System.getProperty("mezzo.logs", "target/process-logs")).toAbsolutePath().getParent()
        .resolve(name + "-" + UUID.randomUUID());
    Files.createDirectories(workDir);
    process = MezzoProcess.start(name, Pattern.compile("mezzo local ready"), List.of(
        "local", "--work-dir", workDir.toString(), "--resources", RESOURCES,
        "--port", Integer.toString(httpPort), "--grpc-port", "0", "--agent-port", Integer.toString(agentPort),
        "--cluster-name", "mesos-" + UUID.randomUUID(), "--cluster-host", Loopback.HOST,
        "--cluster-port", Integer.toString(Loopback.freePort())));
  }

  /**
   * The one {@code mezzo local} the test classes of a run share (each start costs half a
   * minute on a busy machine); it stops when the run ends.
   */
  static MesosLocal shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MesosLocal.class, key -> {
          try {
            return new MesosLocal("mesos-local");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }, MesosLocal.class);
  }

  /** The master's base URI: {@code http://127.0.0.1:<port>}. */
  URI master() {
    return URI.create("http://" + Loopback.HOST + ":" + httpPort);
  }

  /** The agent's base URI. */
  URI agent() {
    return URI.create("http://" + Loopback.HOST + ":" + agentPort);
  }

  @Override
  public void close() {
    process.close();
  }
}
