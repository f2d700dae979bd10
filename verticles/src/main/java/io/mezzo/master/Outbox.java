package io.mezzo.master;

import com.google.protobuf.GeneratedMessage;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.master.core.MasterPort;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The master core's port on Vert.x. Everything the master sends is stamped with its epoch,
 * so that receivers can drop messages from a deposed leader, and nothing is sent once the
 * term is over. Replies to the calls the verticle received go out here too.
 */
final class Outbox implements MasterPort {
  private final Vertx vertx;
  private final EventBus bus;
  private final String epoch;
  private final BooleanSupplier leading;

  /**
   * @param leading whether the term is still on: once it ends nothing more is sent, even in
   *     the moments before the leader's verticles are undeployed
   */
  Outbox(Vertx vertx, long epoch, BooleanSupplier leading) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.epoch = Long.toString(epoch);
    this.leading = leading;
  }

  boolean leading() {
    return leading.getAsBoolean();
  }

  @Override
  public void send(String address, GeneratedMessage body) {
    if (leading()) {
      bus.send(address, body, stamped());
    }
  }

  @Override
  public void publish(String address, GeneratedMessage body) {
    if (leading()) {
      bus.publish(address, body, stamped());
    }
  }

  @Override
  public CompletionStage<Void> request(String address, GeneratedMessage body, Duration timeout) {
    if (!leading()) {
      return CompletableFuture.failedStage(Failure.UNAVAILABLE.exception("no longer the leader"));
    }
    return bus.request(address, body, stamped().setSendTimeout(timeout.toMillis())).<Void>mapEmpty().toCompletionStage();
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return vertx.setTimer(delayMillis, id -> action.run());
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    return vertx.setPeriodic(periodMillis, id -> action.run());
  }

  @Override
  public void cancelTimer(long timerId) {
    vertx.cancelTimer(timerId);
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  void reply(Message<?> message, Object body) {
    if (!leading()) {
      message.fail(Failure.UNAVAILABLE.code(), "This master is no longer the leader");
      return;
    }
    message.reply(body, stamped());
  }

  void fail(Message<?> message, Failure failure, String why) {
    message.fail(failure.code(), why);
  }

  private DeliveryOptions stamped() {
    return new DeliveryOptions().addHeader(Headers.EPOCH, epoch);
  }
}
