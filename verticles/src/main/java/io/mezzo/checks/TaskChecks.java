package io.mezzo.checks;

import io.mezzo.checks.core.TaskCheckCore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.mezzo.v1.TaskInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the health checks and checks of an agent's tasks (see docs/health-checks.md): the
 * one entry point the launch path calls, once a task runs, and whose handle it stops when
 * the task ends. One HTTP client and one TCP client serve every task of the agent.
 */
public final class TaskChecks {
  /** The checks of one task, running until stopped. */
  public interface Handle {
    /** Stops the task's checks: no attempt runs and nothing is reported after this. Idempotent. */
    void stop();
  }

  /** The handle of a task without checks. */
  public static final Handle NONE = () -> { };

  /** How long an HTTP or TCP check may take to connect, whatever its own timeout says (0 = none). */
  static final int CONNECT_TIMEOUT_MILLIS = 60_000;

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final NetClient tcp;

  /** Checks whose timers and clients belong to {@code vertx}; create it on the agent's context. */
  public TaskChecks(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    // A connection per attempt, as Mesos's curl opens one; TLS unverified, as curl -k.
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(false)
        .setTrustAll(true)
        .setVerifyHost(false)
        .setMaxRedirects(10)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
    this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
  }

  /**
   * Starts the health check and check of {@code task}, which has just reached TASK_RUNNING
   * in {@code sandbox} with {@code environment}; results go to {@code reporter}, on the
   * calling context. A task without checks gets {@link #NONE}.
   */
  public Handle start(TaskInfo task, Path sandbox, Map<String, String> environment, TaskCheckCore.Reporter reporter) {
    if (!TaskCheckCore.hasChecks(task)) {
      return NONE;
    }
    Context context = vertx.getOrCreateContext();
    VertxCheckPort port =
        new VertxCheckPort(context, new CommandProbe(context, sandbox, environment), new NetProbes(http, tcp));
    TaskCheckCore core = new TaskCheckCore(task, port, reporter);
    core.start();
    return core::stop;
  }

  /** Closes the clients; the tasks' handles should be stopped first. */
  public Future<Void> close() {
    return Future.join(http.close(), tcp.close()).mapEmpty();
  }
}
