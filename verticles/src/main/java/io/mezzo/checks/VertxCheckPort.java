package io.mezzo.checks;

import io.mezzo.checks.core.CheckPort;
import io.mezzo.checks.core.CheckSpec;
import io.mezzo.checks.core.ProbeResult;
import io.vertx.core.Context;
import java.util.function.Consumer;

/** The checks' port on Vert.x: timers on the agent's context, and the probes of one task. */
final class VertxCheckPort implements CheckPort {
  private final Context context;
  private final CommandProbe command;
  private final NetProbes net;

  VertxCheckPort(Context context, CommandProbe command, NetProbes net) {
    this.context = context;
    this.command = command;
    this.net = net;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    // Set from the context, so the timer fires on it.
    return context.owner().setTimer(Math.max(1, delayMillis), id -> action.run());
  }

  @Override
  public void cancelTimer(long id) {
    context.owner().cancelTimer(id);
  }

  @Override
  public Attempt probe(CheckSpec spec, Consumer<ProbeResult> done) {
    return switch (spec.type()) {
      case COMMAND -> command.run(spec, done);
      case HTTP -> net.http(spec, done);
      case TCP -> net.tcp(spec, done);
      case UNKNOWN -> throw new IllegalArgumentException("a check needs a type");
    };
  }
}
