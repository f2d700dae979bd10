package io.mezzo.cli.client;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * The base of every command that talks to a running cluster over the master's HTTP API:
 * the {@code --master} flag and a Vert.x with a client, closed when the command ends.
 */
public abstract class ClientCommand implements Callable<Integer> {
  @Option(names = "--master", paramLabel = "HOST:PORT",
      description = "The master (default: $MEZZO_MASTER, else localhost:5050); redirects to the leader are followed.")
  String masterFlag;

  @Override
  public final Integer call() throws Exception {
    MasterAddress master = MasterAddress.resolve(masterFlag, System.getenv());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    try (MasterClient client = new MasterClient(vertx, master)) {
      return run(client, Style.detect(System.getenv()));
    } finally {
      MasterClient.await(vertx.close(), MasterClient.DEFAULT_TIMEOUT);
    }
  }

  /** Runs the command and returns its exit code. */
  protected abstract int run(MasterClient client, Style style) throws Exception;
}
