package io.mezzo.master;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.master.core.MasterCore;
import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.state.StateStore;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.Allocations;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leading master: consumes {@code mezzo.master} (calls from agents, schedulers and
 * operators) and the allocator's decisions. A thin adapter: each message goes to the
 * {@link MasterCore}, its answer becomes the reply and a refused call a reply failure; the
 * core reaches the event bus and timers through the {@link Outbox}. Deployed only on the
 * leader, together with the allocator.
 */
public final class MasterVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MasterVerticle.class);

  private final MasterConfig config;
  private final MasterInfo masterInfo;
  private final long epoch;
  private final StateStore store;
  private final BooleanSupplier leading;
  private final MasterRecorder recorder;

  private final int grpcPort;
  private volatile MasterCore core;
  private Outbox outbox;
  private MessageConsumer<Object> calls;
  private MessageConsumer<Allocations> allocations;

  /**
   * @param grpcPort the port of this node's gRPC API (0 or less when it serves none), published
   *     with the leader record so that standbys name it in their UNAVAILABLE answers
   * @param store the replicated state of this term: read at start, written as things change
   * @param leading whether this term still holds; once false the master stops acting
   * @param recorder hears what the master does, for its metrics
   */
  public MasterVerticle(MasterConfig config, MasterInfo masterInfo, int grpcPort, long epoch, StateStore store,
      BooleanSupplier leading, MasterRecorder recorder) {
    this.grpcPort = grpcPort;
    this.config = Objects.requireNonNull(config, "config");
    this.masterInfo = Objects.requireNonNull(masterInfo, "masterInfo");
    this.epoch = epoch;
    this.store = Objects.requireNonNull(store, "store");
    this.leading = Objects.requireNonNull(leading, "leading");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /**
   * The master's state in numbers, taken on its event loop (callable from any thread);
   * fails while the verticle has not started.
   */
  public Future<MasterFigures> figures() {
    MasterCore started = core;
    if (started == null) {
      return Future.failedFuture(new IllegalStateException("the master has not started"));
    }
    Promise<MasterFigures> taken = Promise.promise();
    context.runOnContext(v -> taken.complete(started.figures()));
    return taken.future();
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    outbox = new Outbox(vertx, epoch, leading);
    MasterCore master = new MasterCore(config, masterInfo, outbox, recorder);
    return store.claimAndLoad().compose(snapshot -> {
      master.recover(snapshot.agents(), snapshot.frameworks(), snapshot.tasks().values());
      // From here on every lasting change is replicated.
      master.setListener(new Persistence(vertx, store));
      core = master;
      allocations = vertx.eventBus().localConsumer(Addresses.ALLOCATIONS, message -> master.offer(message.body()));
      calls = vertx.eventBus().consumer(Addresses.MASTER, this::onCall);
      return Future.join(calls.completion(), allocations.completion());
    }).onSuccess(v -> {
      store.putLeader(masterInfo, grpcPort);
      LOG.info("master {} leading with epoch {}", masterInfo.getId(), epoch);
      master.start();
    });
  }

  @Override
  public Future<?> stop() {
    if (core != null) {
      core.stop();
    }
    return Future.join(
        calls == null ? Future.succeededFuture() : calls.unregister(),
        allocations == null ? Future.succeededFuture() : allocations.unregister());
  }

  private void onCall(Message<Object> message) {
    Object body;
    try {
      // Bodies from other nodes decode here, lazily: a malformed one must not escape.
      body = message.body();
    } catch (RuntimeException e) {
      recorder.callRejected(MasterRecorder.Api.UNKNOWN, Failure.BAD_REQUEST);
      outbox.fail(message, Failure.BAD_REQUEST, "Malformed message: " + e.getMessage());
      return;
    }
    try {
      outbox.reply(message, core.handle(body, message.headers().get(Headers.STREAM_ID)));
    } catch (Refusal refusal) {
      recorder.callRejected(MasterCore.api(body), refusal.failure());
      outbox.fail(message, refusal.failure(), refusal.getMessage());
    } catch (RuntimeException e) {
      LOG.error("master failed on {}", body == null ? "null" : body.getClass().getSimpleName(), e);
      recorder.callRejected(MasterCore.api(body), Failure.INTERNAL);
      outbox.fail(message, Failure.INTERNAL, "Internal error: " + e);
    }
  }
}
