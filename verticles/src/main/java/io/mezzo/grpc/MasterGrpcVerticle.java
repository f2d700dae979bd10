package io.mezzo.grpc;

import io.mezzo.master.http.LeaderView;
import io.mezzo.master.http.MasterFiles;
import io.mezzo.master.http.NodeCalls;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.node.LogFile;
import io.mezzo.v1.master.OperatorGrpcService;
import io.mezzo.v1.scheduler.SchedulerGrpcService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.util.function.Supplier;

/**
 * Serves a master node's gRPC API on its own port (h2c stays refused on the HTTP port),
 * whether or not the node leads: the Scheduler and Operator services (a standby answers
 * UNAVAILABLE naming the leader), server reflection, and {@code grpc.health.v1.Health}: the
 * Scheduler and Operator services SERVING on the leader and NOT_SERVING on a standby.
 */
public final class MasterGrpcVerticle extends VerticleBase {
  private final String host;
  private final GrpcConfig config;
  private final LeaderView leader;
  private final NodeMeters meters;
  private volatile HttpServer server;
  private SchedulerGrpc scheduler;
  private OperatorGrpc operator;

  public MasterGrpcVerticle(String host, GrpcConfig config, LeaderView leader, NodeMeters meters) {
    this.host = host;
    this.config = config;
    this.leader = leader;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
        .setMaxMessageSize(config.maxMessageBytes())
        // A call's deadline cancels it on the server too, and bounds its wait for the master.
        .setScheduleDeadlineAutomatically(true));
    GrpcCalls calls = new GrpcCalls(leader, this::actualPort);
    scheduler = new SchedulerGrpc(vertx, leader, calls);
    operator = new OperatorGrpc(vertx, leader, new NodeCalls(vertx, meters, new MasterFiles(vertx, LogFile::current)), calls);
    Supplier<Future<Boolean>> leading = () -> Future.succeededFuture(leader.leading());
    // Vert.x answers SERVING for the server as a whole ("") while it runs: a liveness probe.
    // The API services are SERVING on the leader only: a readiness probe names one of them.
    HealthService health = HealthService.create(vertx)
        .register(SchedulerGrpcService.SERVICE_NAME, leading)
        .register(OperatorGrpcService.SERVICE_NAME, leading);
    grpc.addService(scheduler).addService(operator).addService(health).addService(ReflectionService.v1());
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(config.port()))
        .requestHandler(grpc)
        .listen()
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    scheduler.close();
    operator.close();
    return Future.succeededFuture();
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
