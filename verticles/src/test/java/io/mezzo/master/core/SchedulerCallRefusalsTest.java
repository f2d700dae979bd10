package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or disallowed scheduler call is refused with the failure and the reason a
 * scheduler can act on, and changes nothing: the master sends nothing and its state stays.
 */
class SchedulerCallRefusalsTest {
  private static final String STREAM = "stream-1";
  private static final String FRAMEWORK = "master-1-0000";
  private static final String OFFER = "master-1-O0";

  /** One call that must be refused: through {@code stream}, with {@code failure}, saying {@code why}. */
  record Case(String name, Call call, String stream, Failure failure, String why) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case bad(String name, Call.Builder call, String why) {
    return new Case(name, call.build(), STREAM, Failure.BAD_REQUEST, why);
  }

  private static Call.Builder of(Call.Type type) {
    return Fixtures.call(type, FRAMEWORK);
  }

  private static Call.Builder subscribing(FrameworkInfo.Builder info) {
    return Fixtures.subscribe(info.build()).toBuilder();
  }

  private static OfferID offer(String id) {
    return OfferID.newBuilder().setValue(id).build();
  }

  static Stream<Case> cases() {
    FrameworkInfo.Builder valid = Fixtures.newFramework("f");
    Call.Accept.Builder launch = Call.Accept.newBuilder().addOperations(Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH).setLaunch(Offer.Operation.Launch.newBuilder()));
    Call.Acknowledge.Builder ack = Call.Acknowledge.newBuilder().setAgentId(AgentID.newBuilder().setValue("a1"))
        .setTaskId(TaskID.newBuilder().setValue("t1")).setUuid(Fixtures.uuid(1));
    return Stream.of(
        new Case("no stream", of(Call.Type.REVIVE).build(), null, Failure.BAD_REQUEST, "Mesos-Stream-Id"),
        new Case("unsafe stream", of(Call.Type.REVIVE).build(), "a/b", Failure.BAD_REQUEST, "Mesos-Stream-Id"),
        bad("subscribe without info", Call.newBuilder().setType(Call.Type.SUBSCRIBE), "subscribe.framework_info"),
        bad("subscribe without user", subscribing(valid.clone().clearUser()), "framework_info.user"),
        bad("subscribe with an overlong user", subscribing(valid.clone().setUser("u".repeat(257))), "framework_info.user"),
        bad("subscribe without name", subscribing(valid.clone().clearName()), "framework_info.name"),
        bad("subscribe with a 1 MB label", subscribing(valid.clone().setLabels(Labels.newBuilder()
            .addLabels(Label.newBuilder().setKey("k").setValue("v".repeat(1024 * 1024))))),
            "framework_info.labels.labels[0].value is longer than 4096 characters"),
        bad("subscribe with an unsafe ID", subscribing(valid.clone().setId(FrameworkID.newBuilder().setValue("a b"))),
            "framework ID"),
        bad("subscribe with two IDs", subscribing(valid.clone()).setFrameworkId(FrameworkID.newBuilder().setValue("x")),
            "differ"),
        bad("subscribe with two roles", subscribing(valid.clone().addRoles("a").addRoles("b")), "one role"),
        bad("subscribe with an invalid role", subscribing(valid.clone().setRole("bad role")), "Invalid role"),
        bad("subscribe with a negative failover timeout", subscribing(valid.clone().setFailoverTimeout(-1)),
            "failover_timeout"),
        bad("subscribe with a NaN failover timeout", subscribing(valid.clone().setFailoverTimeout(Double.NaN)),
            "failover_timeout"),
        bad("a call without framework_id", Call.newBuilder().setType(Call.Type.REVIVE), "needs framework_id"),
        bad("a call with an unsafe framework_id", Fixtures.call(Call.Type.REVIVE, ".."), "framework ID"),
        new Case("a call of an unknown framework", Fixtures.call(Call.Type.REVIVE, "other").build(), STREAM,
            Failure.BAD_REQUEST, "not subscribed"),
        new Case("a call through another stream", of(Call.Type.REVIVE).build(), "stream-2", Failure.BAD_REQUEST,
            "subscribe again"),
        bad("accept without accept", of(Call.Type.ACCEPT), "accept field"),
        bad("accept naming no offer", of(Call.Type.ACCEPT).setAccept(launch.clone()), "names no offers"),
        bad("accept naming an offer twice", of(Call.Type.ACCEPT).setAccept(launch.clone()
            .addOfferIds(offer(OFFER)).addOfferIds(offer(OFFER))), "named twice"),
        bad("accept with an unsupported operation", of(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
            .addOfferIds(offer(OFFER)).addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.UNKNOWN))),
            "Unsupported offer operation UNKNOWN"),
        bad("accept with a launch without its field", of(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
            .addOfferIds(offer(OFFER)).addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH))),
            "Unsupported offer operation LAUNCH"),
        bad("accept with infinite refusal", of(Call.Type.ACCEPT).setAccept(launch.clone().addOfferIds(offer(OFFER))
            .setFilters(Filters.newBuilder().setRefuseSeconds(Double.POSITIVE_INFINITY))), "refuse_seconds"),
        new Case("accept of an unknown offer", of(Call.Type.ACCEPT).setAccept(launch.clone().addOfferIds(offer("gone")))
            .build(), STREAM, Failure.NOT_FOUND, "not outstanding"),
        bad("decline without decline", of(Call.Type.DECLINE), "decline field"),
        bad("decline with a negative refusal", of(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
            .addOfferIds(offer(OFFER)).setFilters(Filters.newBuilder().setRefuseSeconds(-1))), "refuse_seconds"),
        bad("kill without kill", of(Call.Type.KILL), "kill field"),
        bad("kill of an unsafe task ID", of(Call.Type.KILL).setKill(Call.Kill.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("a/b"))), "task ID"),
        bad("kill naming an unsafe agent ID", of(Call.Type.KILL).setKill(Call.Kill.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("t1")).setAgentId(AgentID.newBuilder().setValue(" "))), "agent ID"),
        bad("acknowledge without acknowledge", of(Call.Type.ACKNOWLEDGE), "acknowledge field"),
        bad("acknowledge without agent", of(Call.Type.ACKNOWLEDGE).setAcknowledge(ack.clone().clearAgentId()), "agent ID"),
        bad("acknowledge with a short uuid", of(Call.Type.ACKNOWLEDGE).setAcknowledge(ack.clone()
            .setUuid(ByteString.copyFromUtf8("short"))), "16-byte uuid"),
        new Case("acknowledge naming an unknown agent", of(Call.Type.ACKNOWLEDGE).setAcknowledge(ack.clone()
            .setAgentId(AgentID.newBuilder().setValue("a9"))).build(), STREAM, Failure.NOT_FOUND, "Unknown agent a9"),
        bad("reconcile of an unsafe task ID", of(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("..")))), "task ID"),
        bad("shutdown without shutdown", of(Call.Type.SHUTDOWN), "shutdown field"),
        bad("shutdown without executor", of(Call.Type.SHUTDOWN).setShutdown(Call.Shutdown.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue("a1"))), "executor ID"),
        new Case("shutdown on an unknown agent", of(Call.Type.SHUTDOWN).setShutdown(Call.Shutdown.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue("a9")).setExecutorId(ExecutorID.newBuilder().setValue("e1"))).build(),
            STREAM, Failure.NOT_FOUND, "Agent a9 is unknown"),
        bad("message without message", of(Call.Type.MESSAGE), "message field"),
        bad("message larger than a megabyte", of(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue("a1")).setExecutorId(ExecutorID.newBuilder().setValue("e1"))
            .setData(ByteString.copyFrom(new byte[1024 * 1024 + 1]))), "larger than"),
        bad("a call of an unknown type", of(Call.Type.UNKNOWN), "Unsupported scheduler call type UNKNOWN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAndChangesNothing(Case refused) {
    Harness harness = new Harness().start().agent("a1");
    String framework = harness.subscribe(Fixtures.newFramework("f").build(), harness.newStream());
    harness.offer(framework, "a1", "cpus:1;mem:256", STREAM);
    assertEquals(FRAMEWORK, framework);
    Response.GetState before = harness.state();
    harness.port.clear();

    Refusal refusal = harness.refused(refused.failure(), refused.call(), refused.stream());

    assertTrue(refusal.getMessage().contains(refused.why()), refusal.getMessage());
    assertEquals(List.of(), harness.port.sent(), "a refused call sends nothing");
    assertEquals(before, harness.state(), "a refused call changes nothing");
  }
}
