package io.mezzo.master;

import io.mezzo.allocator.AllocatorVerticle;
import io.mezzo.bus.Addresses;
import io.mezzo.leader.LeaderContender;
import io.mezzo.leader.Leadership;
import io.mezzo.master.http.LeaderView;
import io.mezzo.grpc.MasterGrpcVerticle;
import io.mezzo.master.http.MasterHttpVerticle;
import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterMetrics;
import io.mezzo.state.StateStore;
import io.mezzo.state.StateStoreFactory;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.LeaderRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master node: serves its HTTP API, contends for leadership and, while it leads, runs the
 * allocator and the master verticles on the replicated state. When its leadership ends it
 * undeploys them at once and contends again; meanwhile its HTTP API redirects to the leader.
 */
public final class MasterNode implements LeaderView {
  private static final Logger LOG = LoggerFactory.getLogger(MasterNode.class);

  private final Vertx vertx;
  private final MasterConfig config;
  private final String httpHost;
  /** Mesos's MasterInfo.id: one per run of this master. */
  private final String runId = UUID.randomUUID().toString();
  /** Resolved once, off the event loop: MasterInfo.ip. */
  private final int httpIp;
  private final LeaderContender contender;
  private final StateStoreFactory stores;
  private final Supplier<LeaderRecord> knownLeader;
  private final Promise<Void> firstElection = Promise.promise();
  private final MasterMetrics metrics = new MasterMetrics(this::epoch, this::figures);
  private boolean stopping;
  private String httpDeployment;
  private String grpcDeployment;
  private int grpcPort = -1;
  private Term current;
  private int httpPort;
  private volatile long epoch = -1;
  private volatile MasterInfo leaderInfo;

  /**
   * @param httpHost the address the HTTP API binds (the node's cluster address)
   * @param stores opens the replicated state of each term
   * @param knownLeader the leader other masters published, for redirects while not leading
   */
  public MasterNode(Vertx vertx, MasterConfig config, String httpHost, LeaderContender contender,
      StateStoreFactory stores, Supplier<LeaderRecord> knownLeader) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.httpHost = Objects.requireNonNull(httpHost, "httpHost");
    this.httpIp = MasterInfos.ipv4(httpHost);
    this.contender = Objects.requireNonNull(contender, "contender");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.knownLeader = Objects.requireNonNull(knownLeader, "knownLeader");
  }

  /** Starts the HTTP API and the contention; completes once the API serves. */
  public Future<Void> start() {
    MasterHttpVerticle http = new MasterHttpVerticle(runId, httpHost, httpIp, config.port(), config.http(), this, metrics);
    return vertx.deployVerticle(http)
        .compose(id -> {
          httpDeployment = id;
          httpPort = http.actualPort();
          if (!config.grpc().enabled()) {
            return Future.succeededFuture();
          }
          MasterGrpcVerticle grpc = new MasterGrpcVerticle(httpHost, config.grpc(), this, metrics);
          return vertx.deployVerticle(grpc).map(grpcId -> {
            grpcDeployment = grpcId;
            grpcPort = grpc.actualPort();
            return null;
          });
        })
        .map(v -> {
          contend();
          return null;
        });
  }

  /** Completes when this node first leads. */
  public Future<Void> elected() {
    return firstElection.future();
  }

  private void contend() {
    contender.contend()
        .compose(this::lead)
        .onFailure(error -> {
          if (!stopping) {
            LOG.error("could not take the lead; contending again", error);
            vertx.setTimer(1000, id -> contend());
          }
        });
  }

  /** The epoch of the current term, or -1 while not leading. */
  public long epoch() {
    return epoch;
  }

  /** The port of this node's gRPC API, or -1 when it serves none. */
  public int grpcPort() {
    return grpcPort;
  }

  /** The port of this node's HTTP API. */
  public int httpPort() {
    return httpPort;
  }

  @Override
  public boolean leading() {
    return epoch >= 0;
  }

  /** This node's meters: its leadership, and the cluster while it leads. */
  public MasterMetrics metrics() {
    return metrics;
  }

  /** The figures of the current term's master; fails while this node does not lead. */
  private Future<MasterFigures> figures() {
    MasterVerticle master;
    synchronized (this) {
      master = current == null || current.over ? null : current.master;
    }
    return master == null || !leading()
        ? Future.failedFuture(new IllegalStateException("not leading"))
        : master.figures();
  }

  @Override
  public MasterInfo leader() {
    MasterInfo self = leaderInfo;
    if (self != null) {
      return self;
    }
    LeaderRecord known = knownLeader();
    return known == null ? null : known.getInfo();
  }

  @Override
  public int leaderGrpcPort() {
    if (leaderInfo != null) {
      return Math.max(grpcPort, 0);
    }
    LeaderRecord known = knownLeader();
    return known == null || !known.hasGrpcPort() ? -1 : known.getGrpcPort();
  }

  /** The record another master published as the leader, or null. */
  private LeaderRecord knownLeader() {
    LeaderRecord known = knownLeader.get();
    // The record this node published while it led outlives its term (it is forgotten only
    // when its publisher leaves the cluster): a node that does not lead is never the leader
    // it names, and redirecting to itself would send clients round in a loop.
    return known == null || !known.hasInfo() || isThisNode(known.getInfo()) ? null : known;
  }

  /** Whether {@code info} names this node's HTTP API. */
  private boolean isThisNode(MasterInfo info) {
    int port = httpPort;
    if (info.getPort() != port && info.getAddress().getPort() != port) {
      return false;
    }
    String hostname = config.hostname().isEmpty() ? httpHost : config.hostname();
    return info.getAddress().getIp().equals(httpHost) || info.getHostname().equals(hostname);
  }

  /** One term of leadership and what it deployed; over once lost or stopped. */
  private static final class Term {
    final Leadership leadership;
    String allocatorDeployment;
    String masterDeployment;
    MasterVerticle master;
    volatile boolean over;

    Term(Leadership leadership) {
      this.leadership = leadership;
    }
  }

  private Future<Void> lead(Leadership leadership) {
    Term term = new Term(leadership);
    synchronized (this) {
      current = term;
    }
    MasterInfo info = masterInfo();
    StateStore store = stores.forTerm(leadership.epoch(), () -> abdicate(term, "a later leader exists"));
    leadership.lost().onComplete(v -> abdicate(term, "leadership lost"));
    return vertx.deployVerticle(new AllocatorVerticle(config.allocatorConfig(), metrics))
        .compose(allocator -> {
          synchronized (this) {
            term.allocatorDeployment = allocator;
            if (term.over) {
              return undeploy(term);
            }
          }
          MasterVerticle master = new MasterVerticle(config, info, grpcPort, leadership.epoch(), store,
              () -> !term.over && !leadership.lost().isComplete(), metrics);
          return vertx.deployVerticle(master).map(deployment -> {
            synchronized (this) {
              term.masterDeployment = deployment;
              if (term.over) {
                undeploy(term);
              } else {
                term.master = master;
                leaderInfo = info;
                epoch = leadership.epoch();
                metrics.elected();
                firstElection.tryComplete();
              }
            }
            return null;
          });
        });
  }

  /** Ends a term: the leader's verticles go at once, then the node contends again. */
  private synchronized void abdicate(Term term, String why) {
    if (term.over) {
      return;
    }
    term.over = true;
    if (stopping) {
      LOG.info("stopped leading (epoch {})", term.leadership.epoch());
    } else {
      LOG.warn("{}; epoch {} is over, stopping the leader's work", why, term.leadership.epoch());
    }
    epoch = -1;
    leaderInfo = null;
    undeploy(term).onComplete(v -> {
      if (!stopping) {
        contend();
      }
    });
  }

  private synchronized Future<Void> undeploy(Term term) {
    String master = term.masterDeployment;
    String allocator = term.allocatorDeployment;
    term.masterDeployment = null;
    term.allocatorDeployment = null;
    Future<Void> first = master == null ? Future.succeededFuture() : vertx.undeploy(master);
    return first.eventually(() -> allocator == null ? Future.succeededFuture() : vertx.undeploy(allocator));
  }

  /** Stops leading and leaves the election. */
  public Future<Void> stop() {
    Term term;
    synchronized (this) {
      stopping = true;
      term = current;
    }
    return contender.withdraw()
        .eventually(() -> {
          if (term == null) {
            return Future.succeededFuture();
          }
          synchronized (this) {
            term.over = true;
            epoch = -1;
            leaderInfo = null;
          }
          return undeploy(term);
        })
        .eventually(() -> grpcDeployment == null ? Future.succeededFuture() : vertx.undeploy(grpcDeployment))
        .eventually(() -> httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment));
  }

  private MasterInfo masterInfo() {
    String hostname = config.hostname().isEmpty() ? httpHost : config.hostname();
    return MasterInfos.of(runId, hostname, httpHost, httpIp, httpPort).toBuilder()
        .setPid(Addresses.MASTER + "@" + hostname)
        .build();
  }
}
