package io.mezzo.master;

import io.mezzo.Version;
import io.mezzo.allocator.AllocatorVerticle;
import io.mezzo.bus.Addresses;
import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.Leadership;
import io.mezzo.master.http.LeaderView;
import io.mezzo.master.http.MasterHttpVerticle;
import io.mezzo.v1.Address;
import io.mezzo.v1.MasterInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master node: contends for leadership and, while it leads, runs the allocator and the
 * master verticles. When its leadership ends it undeploys them at once and contends again.
 */
public final class MasterNode implements LeaderView {
  private static final Logger LOG = LoggerFactory.getLogger(MasterNode.class);

  private final Vertx vertx;
  private final MasterConfig config;
  private final LeaderContender contender;
  private final String httpHost;
  private boolean stopping;
  private String httpDeployment;
  private String allocatorDeployment;
  private String masterDeployment;
  private int httpPort;
  private volatile long epoch = -1;
  private volatile MasterInfo leaderInfo;

  /**
   * @param httpHost the address the HTTP API binds (the node's cluster address)
   */
  public MasterNode(Vertx vertx, MasterConfig config, LeaderContender contender, String httpHost) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.contender = Objects.requireNonNull(contender, "contender");
    this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
  }

  /** Starts the HTTP API, then completes once this node leads (a single master leads at once). */
  public Future<Void> start() {
    MasterHttpVerticle http = new MasterHttpVerticle(httpHost, config.port(), this);
    return vertx.deployVerticle(http)
        .compose(
            id -> {
              httpDeployment = id;
              httpPort = http.actualPort();
              return contend();
            });
  }

  private Future<Void> contend() {
    return contender.contend().compose(this::lead);
  }

  /** The epoch of the current term, or -1 while not leading. */
  public long epoch() {
    return epoch;
  }

  /** The port of this node's HTTP API. */
  public int httpPort() {
    return httpPort;
  }

  @Override
  public boolean leading() {
    return epoch >= 0;
  }

  @Override
  public MasterInfo leader() {
    return leaderInfo;
  }

  private Future<Void> lead(Leadership leadership) {
    MasterInfo info = masterInfo();
    return vertx.deployVerticle(new AllocatorVerticle(config.allocatorConfig()))
        .compose(
            allocator -> {
              allocatorDeployment = allocator;
              return vertx.deployVerticle(new MasterVerticle(config, info, leadership.epoch()));
            })
        .map(
            master -> {
              masterDeployment = master;
              leaderInfo = info;
              epoch = leadership.epoch();
              leadership.lost().onComplete(v -> abdicate());
              return (Void) null;
            });
  }

  private void abdicate() {
    if (stopping) {
      LOG.info("stopped leading (epoch {})", epoch);
    } else {
      LOG.warn("leadership of epoch {} lost; stopping the leader's work", epoch);
    }
    epoch = -1;
    leaderInfo = null;
    undeploy().onComplete(
        v -> {
          if (!stopping) {
            contend().onFailure(error -> LOG.error("could not contend again", error));
          }
        });
  }

  private Future<Void> undeploy() {
    Future<Void> master = masterDeployment == null ? Future.succeededFuture() : vertx.undeploy(masterDeployment);
    masterDeployment = null;
    return master.eventually(
        () -> {
          Future<Void> allocator =
              allocatorDeployment == null ? Future.succeededFuture() : vertx.undeploy(allocatorDeployment);
          allocatorDeployment = null;
          return allocator;
        });
  }

  /** Stops leading and leaves the election. */
  public Future<Void> stop() {
    stopping = true;
    return contender.withdraw()
        .eventually(this::undeploy)
        .eventually(() -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment));
  }

  private MasterInfo masterInfo() {
    return MasterInfo.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setHostname(config.hostname())
        .setPort(httpPort)
        .setVersion(Version.VERSION)
        .setPid(Addresses.MASTER + "@" + config.hostname())
        .setAddress(Address.newBuilder().setHostname(config.hostname()).setPort(httpPort))
        .build();
  }
}
