package io.mezzo.checks.core;

import io.mezzo.v1.CheckStatusInfo;
import java.util.Objects;

/**
 * What one attempt of a check found: a result ({@code status}: an exit code, an HTTP status,
 * whether a TCP connection succeeded), or why no result could be had ({@code error}: it
 * timed out, the HTTP server did not answer, the command could not start).
 */
public record ProbeResult(CheckStatusInfo status, String error) {
  /** Exactly one of the two. */
  public ProbeResult {
    if ((status == null) == (error == null)) {
      throw new IllegalArgumentException("a probe result is a status or an error");
    }
  }

  /** The command exited with {@code exitCode}. */
  public static ProbeResult exitCode(int exitCode) {
    return new ProbeResult(CheckStatusInfo.newBuilder().setType(io.mezzo.v1.CheckInfo.Type.COMMAND)
        .setCommand(CheckStatusInfo.Command.newBuilder().setExitCode(exitCode)).build(), null);
  }

  /** The HTTP server answered {@code statusCode}. */
  public static ProbeResult httpStatus(int statusCode) {
    return new ProbeResult(CheckStatusInfo.newBuilder().setType(io.mezzo.v1.CheckInfo.Type.HTTP)
        .setHttp(CheckStatusInfo.Http.newBuilder().setStatusCode(statusCode)).build(), null);
  }

  /** A TCP connection was, or was not, made. */
  public static ProbeResult tcp(boolean succeeded) {
    return new ProbeResult(CheckStatusInfo.newBuilder().setType(io.mezzo.v1.CheckInfo.Type.TCP)
        .setTcp(CheckStatusInfo.Tcp.newBuilder().setSucceeded(succeeded)).build(), null);
  }

  /** No result: {@code why}. */
  public static ProbeResult failed(String why) {
    return new ProbeResult(null, Objects.requireNonNull(why, "why"));
  }
}
