package io.mezzo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Headers;
import io.mezzo.testing.Await;
import io.mezzo.testing.LocalCluster;
import io.mezzo.testing.TestFramework;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.Value;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.scheduler.Call;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never crashes the master: thousands of random, mostly invalid, scheduler and
 * agent calls (and bodies of the wrong kind) each get a reply that is not an internal
 * error, and the master still launches a real task afterwards.
 */
@ExtendWith(VertxExtension.class)
class MasterFuzzTest {
  static final int CALLS = 3000;
  static final long SEED = Long.getLong("mezzo.seed", 20261123L);

  private final Random random = new Random(SEED);
  private final List<String> offerIds = new ArrayList<>();
  private String frameworkId;
  private String streamId;
  private String agentId;

  @Test
  void randomCallsNeverCauseInternalErrors(Vertx vertx, @TempDir Path dir) {
    try (LocalCluster cluster = LocalCluster.start(vertx, dir, "cpus:4;mem:4096")) {
      TestFramework framework = new TestFramework(vertx, "target").failoverTimeout(3600);
      framework.subscribe();
      frameworkId = framework.id().getValue();
      streamId = framework.client().streamId();
      agentId = cluster.agent(0).agentId();
      offerIds.add(framework.nextOffer(Duration.ofSeconds(30)).getId().getValue());

      java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
      for (int i = 0; i < CALLS; i++) {
        Object body = randomBody();
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
        if (random.nextInt(4) > 0) {
          options.addHeader(Headers.STREAM_ID, random.nextInt(5) > 0 ? streamId : randomId());
        }
        var reply = vertx.eventBus().request(Addresses.MASTER, body, options);
        try {
          reply.toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
          outcomes.merge("accepted", 1, Integer::sum);
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.merge(Failure.of(e.getCause()).name(), 1, Integer::sum);
          assertNotEquals(Failure.INTERNAL, Failure.of(e.getCause()),
              "call " + i + " (seed " + SEED + ") caused an internal error: " + e.getCause().getMessage() + "\n" + body);
          assertNotEquals(Failure.NO_REPLY, Failure.of(e.getCause()), "call " + i + " got no reply: " + body);
        } catch (Exception e) {
          throw new AssertionError("call " + i + " did not complete: " + body, e);
        }
      }

      // The calls reached the checks: some were accepted, most refused for several reasons.
      assertTrue(outcomes.getOrDefault("accepted", 0) > 0 && outcomes.getOrDefault("BAD_REQUEST", 0) > 0
          && outcomes.getOrDefault("NOT_FOUND", 0) > 0, outcomes.toString());

      // Still in business: the target leaves cleanly and a fresh framework runs a real task.
      Await.result(framework.client().teardown());
      TestFramework healthy = new TestFramework(vertx, "healthy");
      healthy.subscribe();
      Offer offer = null;
      while (offer == null) {
        Offer next = healthy.nextOffer(Duration.ofSeconds(30));
        if (next.getAgentId().getValue().equals(agentId)) {
          offer = next;
        } else {
          Await.result(healthy.client().decline(List.of(next.getId()), Filters.newBuilder().setRefuseSeconds(3600).build()));
        }
      }
      healthy.launch(offer, List.of(TestFramework.task("after-fuzz", offer, "true", "cpus:0.1;mem:16")), 0);
      assertEquals(TaskState.TASK_FINISHED,
          healthy.awaitState("after-fuzz", TaskState.TASK_FINISHED, Duration.ofSeconds(30)).getState());
    }
  }

  private Object randomBody() {
    return switch (random.nextInt(10)) {
      case 0 -> agentCall();
      case 1 -> random.nextBoolean() ? "not a protobuf" : new io.vertx.core.json.JsonObject().put("type", "ACCEPT");
      case 2 -> io.mezzo.v1.master.Call.newBuilder()
          .setType(pick(io.mezzo.v1.master.Call.Type.values())).build();
      default -> schedulerCall();
    };
  }

  private Call schedulerCall() {
    Call.Type type = pick(Call.Type.values());
    Call.Builder call = Call.newBuilder().setType(type);
    if (random.nextInt(6) > 0) {
      call.setFrameworkId(FrameworkID.newBuilder().setValue(random.nextInt(4) > 0 ? frameworkId : randomId()));
    }
    switch (type) {
      case SUBSCRIBE -> {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser(maybe("u")).setName(maybe("n"))
            .setFailoverTimeout(pick(new double[] {0, 1, -1, Double.NaN, 1e300}));
        if (random.nextBoolean()) {
          info.setRole(pick(new String[] {"*", "ads", "bad role", ""}));
        }
        if (random.nextInt(3) == 0) {
          info.setId(FrameworkID.newBuilder().setValue(randomId()));
        }
        call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
      }
      case ACCEPT -> {
        Call.Accept.Builder accept = Call.Accept.newBuilder().addAllOfferIds(randomOfferIds());
        Offer.Operation.Builder operation = Offer.Operation.newBuilder()
            .setType(random.nextInt(5) > 0 ? Offer.Operation.Type.LAUNCH : Offer.Operation.Type.UNKNOWN);
        Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          launch.addTaskInfos(randomTask());
        }
        accept.addOperations(operation.setLaunch(launch));
        if (random.nextBoolean()) {
          accept.setFilters(Filters.newBuilder().setRefuseSeconds(pick(new double[] {0, 1, -5, Double.NaN, 1e30})));
        }
        call.setAccept(accept);
      }
      case DECLINE -> call.setDecline(Call.Decline.newBuilder().addAllOfferIds(randomOfferIds())
          .setFilters(Filters.newBuilder().setRefuseSeconds(pick(new double[] {0, 0.1, -1, Double.POSITIVE_INFINITY}))));
      case KILL -> call.setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(randomId()))
          .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(random.nextLong()))));
      case ACKNOWLEDGE -> call.setAcknowledge(Call.Acknowledge.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(random.nextBoolean() ? agentId : randomId()))
          .setTaskId(TaskID.newBuilder().setValue(randomId()))
          .setUuid(ByteString.copyFrom(bytes(random.nextBoolean() ? 16 : random.nextInt(40)))));
      case RECONCILE -> {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
          reconcile.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(randomId()))
              .setAgentId(AgentID.newBuilder().setValue(random.nextBoolean() ? agentId : randomId())));
        }
        call.setReconcile(reconcile);
      }
      case MESSAGE -> call.setMessage(Call.Message.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(random.nextBoolean() ? agentId : randomId()))
          .setExecutorId(ExecutorID.newBuilder().setValue(randomId()))
          .setData(ByteString.copyFrom(bytes(random.nextInt(64)))));
      case SHUTDOWN -> call.setShutdown(Call.Shutdown.newBuilder()
          .setAgentId(AgentID.newBuilder().setValue(random.nextBoolean() ? agentId : randomId()))
          .setExecutorId(ExecutorID.newBuilder().setValue(randomId())));
      case TEARDOWN -> call.clearFrameworkId().setFrameworkId(FrameworkID.newBuilder().setValue(randomId()));
      default -> { }
    }
    return call.build();
  }

  private AgentCall agentCall() {
    AgentCall.Type type = pick(AgentCall.Type.values());
    String id = random.nextInt(3) == 0 ? agentId : randomId();
    AgentCall.Builder call = AgentCall.newBuilder().setType(type).setAgentId(AgentID.newBuilder().setValue(id));
    AgentInfo info = AgentInfo.newBuilder().setId(AgentID.newBuilder().setValue(randomId()))
        .setHostname(maybe("fuzz-host")).addResources(randomResource()).build();
    switch (type) {
      case REGISTER_AGENT -> call.setRegisterAgent(AgentCall.RegisterAgent.newBuilder().setAgentInfo(info));
      case REREGISTER_AGENT -> call.setReregisterAgent(AgentCall.ReregisterAgent.newBuilder().setAgentInfo(info)
          .addTasks(Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(randomId()))
              .setFrameworkId(FrameworkID.newBuilder().setValue(random.nextBoolean() ? frameworkId : randomId()))
              .setAgentId(info.getId()).setState(pick(TaskState.values())).addResources(randomResource())));
      case UPDATE_STATUS -> call.setUpdateStatus(StatusUpdate.newBuilder()
          .setFrameworkId(FrameworkID.newBuilder().setValue(random.nextBoolean() ? frameworkId : randomId()))
          .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(randomId()))
              .setState(pick(TaskState.values())).setUuid(ByteString.copyFrom(bytes(random.nextBoolean() ? 16 : 3))))
          .setLatestState(pick(TaskState.values())));
      case SEND_EXECUTOR_MESSAGE -> call.setSendExecutorMessage(AgentCall.SendExecutorMessage.newBuilder()
          .setFrameworkId(FrameworkID.newBuilder().setValue(random.nextBoolean() ? frameworkId : randomId()))
          .setExecutorId(ExecutorID.newBuilder().setValue(randomId())));
      default -> { }
    }
    return call.build();
  }

  private TaskInfo randomTask() {
    TaskInfo.Builder task = TaskInfo.newBuilder().setName(maybe("task"))
        .setTaskId(TaskID.newBuilder().setValue(random.nextInt(4) == 0 ? "dup" : randomId()))
        .setAgentId(AgentID.newBuilder().setValue(random.nextInt(4) > 0 ? agentId : randomId()))
        .addResources(randomResource());
    if (random.nextInt(5) > 0) {
      task.setCommand(CommandInfo.newBuilder().setValue(random.nextBoolean() ? "true" : "").setShell(random.nextBoolean()));
    }
    return task.build();
  }

  private Resource randomResource() {
    Resource.Builder resource = Resource.newBuilder().setName(pick(new String[] {"cpus", "mem", "ports", "x y", "", "gpus"}));
    switch (random.nextInt(4)) {
      case 0 -> resource.setType(Value.Type.SCALAR)
          .setScalar(Value.Scalar.newBuilder().setValue(pick(new double[] {0.1, 1, -1, Double.NaN, 1e15, 16})));
      case 1 -> resource.setType(Value.Type.RANGES).setRanges(Value.Ranges.newBuilder()
          .addRange(Value.Range.newBuilder().setBegin(random.nextLong()).setEnd(random.nextLong())));
      case 2 -> resource.setType(Value.Type.SET).setSet(Value.Set.newBuilder().addItem(randomId()));
      default -> resource.setType(Value.Type.TEXT);
    }
    if (random.nextInt(5) == 0) {
      resource.setRole(pick(new String[] {"ads", "", "bad role", "*"}));
    }
    return resource.build();
  }

  private List<OfferID> randomOfferIds() {
    List<OfferID> ids = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      String id = !offerIds.isEmpty() && random.nextBoolean() ? offerIds.get(random.nextInt(offerIds.size())) : randomId();
      ids.add(OfferID.newBuilder().setValue(id).build());
    }
    return ids;
  }

  private String randomId() {
    return pick(new String[] {"", ".", "..", "a/b", "ok-" + random.nextInt(50), "x".repeat(300), "é", "id with space"});
  }

  private String maybe(String text) {
    return random.nextInt(6) == 0 ? "" : text;
  }

  private byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private double pick(double[] values) {
    return values[random.nextInt(values.length)];
  }
}
