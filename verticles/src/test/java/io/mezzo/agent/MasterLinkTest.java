package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.bus.Headers;
import io.mezzo.testing.Await;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's view of master epochs: messages from a deposed master are dropped, the highest
 * epoch seen survives a restart of the agent, and a new leader gets a re-registration at once.
 */
@ExtendWith(VertxExtension.class)
class MasterLinkTest {
  private static final String AGENT_ADDRESS = "test.agent";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path work;

  private Vertx vertx;
  private Context context;
  private AgentPaths paths;
  private AgentConfig config;
  private MasterLink link;
  private MessageConsumer<AgentEvent> agent;
  /** Whether each message sent to the agent was accepted, in order. */
  private final BlockingQueue<Boolean> accepted = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    Codecs.register(vertx);
    context = vertx.getOrCreateContext();
    paths = new AgentPaths(work);
    config = AgentConfig.fromJson(new JsonObject().put("work_dir", work.toString()).put("registration_backoff_max", "500ms"));
  }

  /** Starts a link as a (re)started agent does: with the epoch its work dir holds. */
  private void startLink(Supplier<AgentCall> registration) {
    on(() -> {
      long saved;
      try {
        saved = AgentEpoch.load(paths.epochFile());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      link = new MasterLink(vertx, config, registration, () -> { }, () -> { },
          AgentEpoch.of(vertx, paths.epochFile(), saved), io.mezzo.metrics.AgentRecorder.NONE);
      agent = vertx.eventBus().consumer(AGENT_ADDRESS, message -> {
        AgentEvent.Type type = message.body().getType();
        boolean launch = type == AgentEvent.Type.RUN_TASK || type == AgentEvent.Type.RUN_TASK_GROUP;
        accepted.add(launch ? link.acceptLaunch(message) : link.accept(message));
      });
      return null;
    });
  }

  private void stopLink() {
    on(() -> {
      link.stop();
      return null;
    });
    Await.result(agent.unregister());
  }

  /** Sends the agent a ping stamped with {@code epoch}; returns whether the agent acted on it. */
  private boolean fromMaster(String epoch) throws InterruptedException {
    return fromMaster(AgentEvent.Type.PING_AGENT, epoch);
  }

  /** Sends the agent a message of {@code type} stamped with {@code epoch}; returns whether it acted on it. */
  private boolean fromMaster(AgentEvent.Type type, String epoch) throws InterruptedException {
    AgentEvent event = AgentEvent.newBuilder().setType(type).build();
    vertx.eventBus().send(AGENT_ADDRESS, event, new DeliveryOptions().addHeader(Headers.EPOCH, epoch));
    Boolean result = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (result == null) {
      throw new AssertionError("the agent did not get the message");
    }
    return result;
  }

  private long savedEpoch() {
    try {
      return AgentEpoch.load(paths.epochFile());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private <T> T on(Supplier<T> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(action.get());
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    return Await.result(done.future(), WAIT);
  }

  @Test
  void restartedAgentStillRefusesADeposedMaster() throws Exception {
    startLink(() -> AgentCall.getDefaultInstance());
    assertTrue(fromMaster("3"));
    assertTrue(fromMaster("5"));
    assertFalse(fromMaster("4"), "epoch 4 is below the 5 already seen");
    assertFalse(fromMaster("not-a-number"));
    Await.until("epoch 5 on disk", WAIT, () -> savedEpoch() == 5);
    stopLink();

    startLink(() -> AgentCall.getDefaultInstance());

    assertFalse(fromMaster("4"), "the restarted agent remembers epoch 5");
    assertTrue(fromMaster("5"));
    assertTrue(fromMaster("6"));
    Await.until("epoch 6 on disk", WAIT, () -> savedEpoch() == 6);
    assertEquals(List.of(), List.copyOf(accepted));
  }

  @Test
  void corruptEpochFileStopsTheStartWithItsName() throws Exception {
    Files.createDirectories(paths.epochFile().getParent());
    Files.writeString(paths.epochFile(), "12x");

    IOException e = assertThrows(IOException.class, () -> AgentEpoch.load(paths.epochFile()));

    assertTrue(e.getMessage().contains(paths.epochFile().toString()), e.getMessage());
  }

  @Test
  void newLeaderGetsAReregistrationAtOnce() throws Exception {
    AtomicLong masterEpoch = new AtomicLong(1);
    List<Long> registrationsAtEpoch = new CopyOnWriteArrayList<>();
    vertx.eventBus().<AgentCall>consumer(Addresses.MASTER, call -> {
      registrationsAtEpoch.add(masterEpoch.get());
      AgentEvent reply = AgentEvent.newBuilder()
          .setType(AgentEvent.Type.AGENT_REREGISTERED)
          .setAgentRegistered(AgentEvent.AgentRegistered.newBuilder()
              .setAgentId(AgentID.newBuilder().setValue("a1"))
              // Pings so rare that only the new epoch can explain a re-registration.
              .setPingIntervalSeconds(60)
              .setMaxMissedPings(5))
          .build();
      call.reply(reply, new DeliveryOptions().addHeader(Headers.EPOCH, Long.toString(masterEpoch.get())));
    });
    AgentCall reregister = AgentCall.newBuilder()
        .setType(AgentCall.Type.REREGISTER_AGENT)
        .setAgentId(AgentID.newBuilder().setValue("a1"))
        .build();
    startLink(() -> reregister);
    on(() -> {
      link.start();
      return null;
    });
    Await.until("registered", WAIT, () -> on(link::registered));
    assertEquals(List.of(1L), registrationsAtEpoch);

    assertTrue(fromMaster("1"), "the same leader changes nothing");
    masterEpoch.set(2);
    assertTrue(fromMaster("2"), "a new leader's message is acted on");

    Await.until("re-registered with the new leader", WAIT, () -> registrationsAtEpoch.equals(List.of(1L, 2L)));
    Await.until("registered again", WAIT, () -> on(link::registered));
    assertFalse(fromMaster("1"), "the deposed leader is refused");
    Thread.sleep(300);
    assertEquals(List.of(1L, 2L), registrationsAtEpoch, "one re-registration per new leader");
    stopLink();
  }

  /**
   * A master that answers the first registration at once and holds every later one until
   * {@code release} is completed: a re-registration stays in flight as long as a test needs.
   */
  private void masterHoldingReregistrations(AtomicLong masterEpoch, double pingIntervalSeconds,
      Promise<Void> release, List<Long> registrationsAtEpoch) {
    vertx.eventBus().<AgentCall>consumer(Addresses.MASTER, call -> {
      long epoch = masterEpoch.get();
      registrationsAtEpoch.add(epoch);
      AgentEvent reply = AgentEvent.newBuilder()
          .setType(AgentEvent.Type.AGENT_REREGISTERED)
          .setAgentRegistered(AgentEvent.AgentRegistered.newBuilder()
              .setAgentId(AgentID.newBuilder().setValue("a1"))
              .setPingIntervalSeconds(pingIntervalSeconds)
              .setMaxMissedPings(1))
          .build();
      DeliveryOptions stamped = new DeliveryOptions().addHeader(Headers.EPOCH, Long.toString(epoch));
      if (registrationsAtEpoch.size() == 1) {
        call.reply(reply, stamped);
      } else {
        release.future().onSuccess(v -> call.reply(reply, stamped));
      }
    });
  }

  private void startRegistered(List<Long> registrationsAtEpoch) {
    AgentCall reregister = AgentCall.newBuilder()
        .setType(AgentCall.Type.REREGISTER_AGENT)
        .setAgentId(AgentID.newBuilder().setValue("a1"))
        .build();
    startLink(() -> reregister);
    on(() -> {
      link.start();
      return null;
    });
    Await.until("registered", WAIT, () -> on(link::registered));
  }

  @Test
  void newerEpochSeenRefusesTheOldLeaderWhileReregistrationIsInFlight() throws Exception {
    AtomicLong masterEpoch = new AtomicLong(1);
    Promise<Void> release = Promise.promise();
    List<Long> registrationsAtEpoch = new CopyOnWriteArrayList<>();
    masterHoldingReregistrations(masterEpoch, 60, release, registrationsAtEpoch);
    startRegistered(registrationsAtEpoch);
    assertTrue(fromMaster(AgentEvent.Type.RUN_TASK, "1"), "the leader registered with may launch");

    masterEpoch.set(2);
    assertTrue(fromMaster("2"), "the new leader's ping is acted on");
    Await.until("re-registration with the new leader in flight", WAIT, () -> registrationsAtEpoch.size() == 2);

    assertFalse(fromMaster(AgentEvent.Type.RUN_TASK, "1"), "the deposed leader's launch is refused");
    assertFalse(fromMaster(AgentEvent.Type.RUN_TASK_GROUP, "1"), "the deposed leader's group launch is refused");
    assertFalse(fromMaster(AgentEvent.Type.KILL_TASK, "1"), "the deposed leader's kill is refused");
    assertFalse(fromMaster(AgentEvent.Type.RUN_TASK, "2"),
        "no launch runs before the re-registration that lists the agent's tasks is answered");
    assertTrue(fromMaster(AgentEvent.Type.KILL_TASK, "2"), "the new leader may kill at once");

    on(() -> release.tryComplete());
    Await.until("re-registered with the new leader", WAIT, () -> on(link::registered));
    assertTrue(fromMaster(AgentEvent.Type.RUN_TASK, "2"), "the new leader launches once the agent is registered");
    assertFalse(fromMaster(AgentEvent.Type.RUN_TASK, "1"), "the deposed leader stays refused");
    stopLink();
  }

  @Test
  void launchArrivingWhileReregistrationIsInFlightIsDropped() throws Exception {
    AtomicLong masterEpoch = new AtomicLong(1);
    Promise<Void> release = Promise.promise();
    List<Long> registrationsAtEpoch = new CopyOnWriteArrayList<>();
    // Pings every 50 ms, one may be missed: the silent master is given up after 100 ms.
    masterHoldingReregistrations(masterEpoch, 0.05, release, registrationsAtEpoch);
    startRegistered(registrationsAtEpoch);

    Await.until("re-registering after the master went silent", WAIT, () -> registrationsAtEpoch.size() == 2);
    assertFalse(on(link::registered));
    assertFalse(fromMaster(AgentEvent.Type.RUN_TASK, "1"),
        "a launch that the in-flight re-registration cannot list is dropped, not run");
    assertTrue(fromMaster(AgentEvent.Type.KILL_TASK, "1"), "a kill from the epoch seen is still obeyed");

    on(() -> release.tryComplete());
    Await.until("re-registered", WAIT, () -> on(link::registered));
    assertTrue(fromMaster(AgentEvent.Type.RUN_TASK, "1"));
    stopLink();
  }
}
