package io.mezzo.master.http;

import io.mezzo.master.MasterInfos;
import io.mezzo.http.Endpoints;
import io.mezzo.http.HttpServers;
import io.mezzo.http.HttpTimeouts;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.state.MasterRoster;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves a master node's HTTP API on its own event loop, whether or not the node leads. */
public final class MasterHttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MasterHttpVerticle.class);

  private final String runId;
  private final String host;
  private final int ip;
  private final int port;
  private final HttpTimeouts timeouts;
  private final LeaderView leader;
  private final NodeMeters meters;
  private volatile HttpServer server;
  private MasterRoster roster;
  private List<Endpoints> endpoints = List.of();

  /**
   * @param runId this master's run, its MasterInfo.id
   * @param ip {@code host}'s IPv4 address as {@link MasterInfos#ipv4(String)} gives it
   */
  public MasterHttpVerticle(String runId, String host, int ip, int port, HttpTimeouts timeouts, LeaderView leader,
      NodeMeters meters) {
    this.runId = runId;
    this.host = host;
    this.ip = ip;
    this.port = port;
    this.timeouts = timeouts;
    this.leader = leader;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    roster = MasterRoster.of(vertx);
    endpoints = MasterEndpoints.all(vertx, leader, roster, meters);
    return HttpServers.listen(vertx, host, port, timeouts, endpoints)
        .onSuccess(s -> server = s)
        .compose(s -> roster.join(address(s.actualPort()))
            // The roster only feeds the dashboard's list of masters: never a reason not to serve.
            .recover(error -> {
              LOG.warn("could not publish this master in the roster of masters: {}", error.toString());
              return Future.succeededFuture();
            }));
  }

  @Override
  public Future<?> stop() {
    // Open streams end cleanly, so that browsers reconnect rather than report a broken response.
    endpoints.forEach(Endpoints::close);
    return roster == null ? Future.succeededFuture() : roster.leave().otherwiseEmpty();
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private MasterInfo address(int actualPort) {
    return MasterInfos.of(runId, host, host, ip, actualPort);
  }
}
