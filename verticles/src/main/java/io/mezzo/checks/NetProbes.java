package io.mezzo.checks;

import io.mezzo.checks.core.CheckPort;
import io.mezzo.checks.core.CheckSpec;
import io.mezzo.checks.core.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/**
 * HTTP and TCP checks, non-blocking on the agent's Vert.x clients. HTTP: one GET of the
 * path, following redirects as Mesos's {@code curl -L} does, without verifying a TLS
 * certificate ({@code curl -k}); the status line is the result and the body is never read:
 * the connection is reset once the head arrives. TCP: a connection that opens is a success
 * and is closed at once; one that is refused or fails is a result too ("succeeded: false").
 */
final class NetProbes {
  private final HttpClient http;
  private final NetClient tcp;

  NetProbes(HttpClient http, NetClient tcp) {
    this.http = http;
    this.tcp = tcp;
  }

  CheckPort.Attempt http(CheckSpec spec, Consumer<ProbeResult> done) {
    Attempt attempt = new Attempt();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(spec.host())
        .setPort(spec.port())
        .setURI(spec.path())
        .setSsl(spec.https())
        .setFollowRedirects(true);
    http.request(options)
        .compose(request -> {
          attempt.request = request;
          if (attempt.aborted) {
            request.reset();
            return Future.failedFuture("aborted");
          }
          return request.send().map(response -> {
            int status = response.statusCode();
            // Only the status matters; reading on would let the task stream anything at us.
            response.request().reset();
            return status;
          });
        })
        .onComplete(result -> {
          if (attempt.aborted) {
            return;
          }
          attempt.aborted = true;
          done.accept(result.succeeded()
              ? ProbeResult.httpStatus(result.result())
              : ProbeResult.failed(spec.describe() + " got no answer: " + result.cause().getMessage()));
        });
    return attempt;
  }

  CheckPort.Attempt tcp(CheckSpec spec, Consumer<ProbeResult> done) {
    Attempt attempt = new Attempt();
    tcp.connect(spec.port(), spec.host())
        .onComplete(result -> {
          if (result.succeeded()) {
            NetSocket socket = result.result();
            socket.close();
          }
          if (!attempt.aborted) {
            attempt.aborted = true;
            done.accept(ProbeResult.tcp(result.succeeded()));
          }
        });
    return attempt;
  }

  /** Touched on the context only. */
  private static final class Attempt implements CheckPort.Attempt {
    HttpClientRequest request;
    boolean aborted;

    @Override
    public void abort() {
      if (!aborted) {
        aborted = true;
        if (request != null) {
          request.reset();
        }
      }
    }
  }
}
