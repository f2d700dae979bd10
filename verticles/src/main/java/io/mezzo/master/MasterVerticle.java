package io.mezzo.master;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.bus.Refusal;
import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.state.StateStore;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.Allocations;
import io.mezzo.v1.scheduler.Call;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leading master: consumes {@code mezzo.master} (calls from agents, schedulers and
 * operators) and the allocator's decisions, and runs the ping and heartbeat timers. A thin
 * adapter: each message goes to one handler; a refused call becomes a reply failure.
 * Deployed only on the leader, together with the allocator.
 */
public final class MasterVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MasterVerticle.class);

  private final MasterConfig config;
  private final MasterInfo masterInfo;
  private final long epoch;
  private final StateStore store;
  private final java.util.function.BooleanSupplier leading;
  private final MasterRecorder recorder;

  private volatile MasterContext master;
  private SchedulerApi schedulerApi;
  private AgentApi agentApi;
  private OperatorApi operatorApi;
  private Offers offers;
  private Agents agents;
  private Frameworks frameworks;
  private MessageConsumer<Object> calls;
  private MessageConsumer<Allocations> allocations;
  private long pingTimer = -1;
  private long heartbeatTimer = -1;

  /**
   * @param store the replicated state of this term: read at start, written as things change
   * @param leading whether this term still holds; once false the master stops acting
   * @param recorder hears what the master does, for its metrics
   */
  public MasterVerticle(MasterConfig config, MasterInfo masterInfo, long epoch, StateStore store,
      java.util.function.BooleanSupplier leading, MasterRecorder recorder) {
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
    if (master == null) {
      return Future.failedFuture(new IllegalStateException("the master has not started"));
    }
    Promise<MasterFigures> taken = Promise.promise();
    context.runOnContext(v -> taken.complete(Figures.of(master)));
    return taken.future();
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    master = new MasterContext(vertx, config, masterInfo, epoch, leading, recorder);
    StateViews views = new StateViews(master);
    Observers observers = new Observers(master.outbox, views);
    AllocatorClient allocator = new AllocatorClient(master.outbox);
    offers = new Offers(master, allocator);
    Tasks tasks = new Tasks(master, allocator, observers);
    frameworks = new Frameworks(master, allocator, offers, tasks, observers);
    agents = new Agents(master, allocator, offers, tasks, frameworks, observers);
    schedulerApi = new SchedulerApi(master, allocator, frameworks, new OfferCalls(master, offers, tasks), tasks);
    agentApi = new AgentApi(master, agents, tasks);
    operatorApi = new OperatorApi(master, views, tasks, frameworks);

    return store.claimAndLoad().compose(snapshot -> {
      Recovery.apply(snapshot, master, frameworks, agents);
      // From here on every lasting change is replicated.
      master.state.setListener(new Persistence(vertx, store));
      allocations = vertx.eventBus().localConsumer(Addresses.ALLOCATIONS, message -> offers.offer(message.body()));
      calls = vertx.eventBus().consumer(Addresses.MASTER, this::onCall);
      pingTimer = vertx.setPeriodic(config.agentPingInterval().toMillis(), id -> agents.ping());
      heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> frameworks.heartbeat());
      return Future.join(calls.completion(), allocations.completion());
    }).onSuccess(v -> {
      store.putLeader(masterInfo);
      LOG.info("master {} leading with epoch {}", masterInfo.getId(), epoch);
      // Agents known from the replicated state learn of the new leader from its pings.
      agents.ping();
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(heartbeatTimer);
    frameworks.stop();
    agents.stop();
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
      master.outbox.fail(message, Failure.BAD_REQUEST, "Malformed message: " + e.getMessage());
      return;
    }
    try {
      Object reply;
      if (body instanceof Call call) {
        reply = schedulerApi.handle(call, message.headers().get(Headers.STREAM_ID));
      } else if (body instanceof AgentCall call) {
        reply = agentApi.handle(call);
      } else if (body instanceof io.mezzo.v1.master.Call call) {
        reply = operatorApi.handle(call);
      } else {
        throw Refusal.badRequest("mezzo.master takes scheduler, agent and operator calls, not "
            + (body == null ? "an empty message" : body.getClass().getSimpleName()));
      }
      master.outbox.reply(message, reply);
    } catch (Refusal refusal) {
      recorder.callRejected(api(body), refusal.failure());
      master.outbox.fail(message, refusal.failure(), refusal.getMessage());
    } catch (RuntimeException e) {
      LOG.error("master failed on {}", body == null ? "null" : body.getClass().getSimpleName(), e);
      recorder.callRejected(api(body), Failure.INTERNAL);
      master.outbox.fail(message, Failure.INTERNAL, "Internal error: " + e);
    }
  }

  private static MasterRecorder.Api api(Object body) {
    if (body instanceof Call) {
      return MasterRecorder.Api.SCHEDULER;
    }
    if (body instanceof AgentCall) {
      return MasterRecorder.Api.AGENT;
    }
    return body instanceof io.mezzo.v1.master.Call ? MasterRecorder.Api.OPERATOR : MasterRecorder.Api.UNKNOWN;
  }
}
