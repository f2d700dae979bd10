package io.mezzo.agent;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.metrics.AgentRecorder;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to the leading master: registration with randomized backoff,
 * re-registration when the master stops pinging, says it does not know the agent, or is a
 * new leader (a higher epoch than the one registered with), and the highest epoch seen,
 * below which master messages are dropped; that epoch survives restarts in the work dir.
 */
final class MasterLink {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

  /** Registration retries start here and double up to the configured maximum. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  /** What {@link #epochOf} says of an epoch header that is not a number. */
  private static final long MALFORMED = Long.MIN_VALUE;

  private final Vertx vertx;
  private final AgentConfig config;
  private final Supplier<AgentCall> registration;
  private final Runnable onConnected;
  private final Runnable onDisconnected;
  private final AgentEpoch epochs;
  private final AgentRecorder recorder;

  private boolean registered;
  private boolean registering;
  private boolean stopped;
  private long highestEpoch;
  /** The epoch of the master this agent last registered with. */
  private long registeredEpoch = -1;
  private MasterInfo masterInfo;
  private long lastContactMillis;
  private Duration backoff = FIRST_BACKOFF;
  private Duration masterTimeout;
  private long watchdog = -1;
  private long retryTimer = -1;

  /**
   * @param registration builds the next registration call (REGISTER_AGENT the first time,
   *     REREGISTER_AGENT with the agent's tasks after that)
   * @param epochs where the highest epoch seen is kept; master messages below it are dropped
   * @param recorder hears of every message dropped as stale
   */
  MasterLink(
      Vertx vertx, AgentConfig config, Supplier<AgentCall> registration, Runnable onConnected, Runnable onDisconnected,
      AgentEpoch epochs, AgentRecorder recorder) {
    this.vertx = vertx;
    this.config = config;
    this.registration = registration;
    this.onConnected = onConnected;
    this.onDisconnected = onDisconnected;
    this.epochs = epochs;
    this.recorder = recorder;
    this.highestEpoch = epochs.epoch();
  }

  boolean registered() {
    return registered;
  }

  long highestEpoch() {
    return highestEpoch;
  }

  /** The master this agent last registered with, or null before the first registration. */
  MasterInfo masterInfo() {
    return masterInfo;
  }

  /** Starts registering; retries until a master answers. */
  void start() {
    register();
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(watchdog);
    vertx.cancelTimer(retryTimer);
  }

  /**
   * Whether a message from a master should be acted on: not when it comes from a lower
   * epoch than the highest seen (a deposed leader). A message from a higher epoch than the
   * one registered with comes from a new leader, which may not know this agent yet: the
   * agent re-registers with it at once rather than waiting for pings to stop.
   */
  boolean accept(Message<?> message) {
    long epoch = epochOf(message);
    if (epoch == MALFORMED || epoch < highestEpoch) {
      LOG.warn("dropped a message from a master of epoch {} (highest seen {})", message.headers().get(Headers.EPOCH),
          highestEpoch);
      recorder.staleMessageDropped();
      return false;
    }
    if (epoch > highestEpoch) {
      highestEpoch = epoch;
      epochs.raise(epoch);
    }
    lastContactMillis = System.currentTimeMillis();
    if (registered && epoch > registeredEpoch) {
      lost("a new leading master (epoch " + epoch + ", registered with " + registeredEpoch + ")");
    }
    return true;
  }

  /**
   * Whether a launch (RUN_TASK, RUN_TASK_GROUP) should be acted on: as {@link #accept}, and
   * only while the agent is registered. While a (re-)registration is in flight the agent may
   * have just heard of a new leader (a higher epoch), or the master may have stopped pinging
   * it: the launch may come from a master the agent is leaving, and the task list the
   * re-registration carries cannot contain it. The master that handles the re-registration
   * reports every task the list lacks TASK_LOST ("not reported by agent", reason
   * RECONCILIATION), so the launch is dropped here, with nothing sent, rather than run: run,
   * it would answer TASK_RUNNING after that TASK_LOST. (Apache Mesos's agent drops a launch
   * while it recovers, and has a TODO to do the same while disconnected.)
   */
  boolean acceptLaunch(Message<?> message) {
    if (!accept(message)) {
      return false;
    }
    if (!registered) {
      LOG.warn("dropped a launch from the master of epoch {}: re-registering (highest epoch seen {})",
          message.headers().get(Headers.EPOCH), highestEpoch);
      return false;
    }
    return true;
  }

  private static long epochOf(Message<?> message) {
    String header = message.headers().get(Headers.EPOCH);
    try {
      return header == null ? -1 : Long.parseLong(header);
    } catch (NumberFormatException e) {
      return MALFORMED;
    }
  }

  /** Sends a call to the master; a refusal saying the agent is unknown makes it re-register. */
  Future<Message<Object>> send(AgentCall call) {
    return vertx.eventBus()
        .request(Addresses.MASTER, call, new DeliveryOptions().setSendTimeout(config.requestTimeout().toMillis()))
        .onFailure(
            error -> {
              if (Failure.of(error) == Failure.CONFLICT && registered) {
                lost("the master does not know this agent");
              }
            });
  }

  private void register() {
    if (stopped || registering) {
      return;
    }
    registering = true;
    AgentCall call = registration.get();
    vertx.eventBus()
        .<AgentEvent>request(Addresses.MASTER, call, new DeliveryOptions().setSendTimeout(config.requestTimeout().toMillis()))
        .onComplete(
            reply -> {
              registering = false;
              if (stopped) {
                return;
              }
              if (reply.succeeded() && accept(reply.result())) {
                registeredEpoch = epochOf(reply.result());
                connected(reply.result().body());
              } else {
                retry(reply.succeeded() ? "reply from a deposed master" : reply.cause().getMessage());
              }
            });
  }

  private void connected(AgentEvent reply) {
    AgentEvent.AgentRegistered registeredEvent = reply.getAgentRegistered();
    registered = true;
    masterInfo = registeredEvent.hasMasterInfo() ? registeredEvent.getMasterInfo() : null;
    backoff = FIRST_BACKOFF;
    lastContactMillis = System.currentTimeMillis();
    long pingMillis = Math.max(10, Math.round(registeredEvent.getPingIntervalSeconds() * 1000));
    masterTimeout = Duration.ofMillis(pingMillis * Math.max(1, registeredEvent.getMaxMissedPings()) + pingMillis);
    vertx.cancelTimer(watchdog);
    watchdog = vertx.setPeriodic(pingMillis, id -> checkMaster());
    LOG.info("{} with master {} (epoch {})", reply.getType() == AgentEvent.Type.AGENT_REGISTERED ? "registered" : "re-registered",
        registeredEvent.getMasterInfo().getId(), highestEpoch);
    onConnected.run();
  }

  private void checkMaster() {
    if (registered && System.currentTimeMillis() - lastContactMillis > masterTimeout.toMillis()) {
      lost("no ping from the master for " + masterTimeout.toMillis() + " ms");
    }
  }

  private void lost(String why) {
    if (!registered) {
      return;
    }
    LOG.warn("lost the master: {}; re-registering", why);
    registered = false;
    vertx.cancelTimer(watchdog);
    onDisconnected.run();
    register();
  }

  private void retry(String why) {
    // Random backoff keeps many agents from re-registering in lockstep after a failover.
    long max = backoff.toMillis();
    long delay = Math.max(1, ThreadLocalRandom.current().nextLong(max / 2, max + 1));
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(config.registrationBackoffMax()) > 0 ? config.registrationBackoffMax() : doubled;
    LOG.debug("registration failed ({}); retrying in {} ms", why, delay);
    retryTimer = vertx.setTimer(delay, id -> register());
  }
}
