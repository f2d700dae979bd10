package io.mezzo.master.http;

import io.mezzo.http.HttpServers;
import io.mezzo.metrics.NodeMeters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

/** Serves a master node's HTTP API on its own event loop, whether or not the node leads. */
public final class MasterHttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final LeaderView leader;
  private final NodeMeters meters;
  private volatile HttpServer server;

  public MasterHttpVerticle(String host, int port, LeaderView leader, NodeMeters meters) {
    this.host = host;
    this.port = port;
    this.leader = leader;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    return HttpServers.listen(vertx, host, port, MasterEndpoints.all(vertx, leader, meters)).onSuccess(s -> server = s);
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
