package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.Attribute;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.Value;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.master.Response;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed call of an agent, and every call of an agent the master does not have, is
 * refused and changes nothing; a call of an unregistered agent gets CONFLICT, which tells
 * the agent to register again. So does anything on {@code mezzo.master} that is no call.
 */
class AgentCallRefusalsTest {
  /** One body that must be refused with {@code failure}, saying {@code why}. */
  record Case(String name, Object body, Failure failure, String why) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case bad(String name, AgentCall call, String why) {
    return new Case(name, call, Failure.BAD_REQUEST, why);
  }

  /** The registration of a2 with its agent info changed by {@code change}. */
  private static AgentCall registering(Consumer<AgentInfo.Builder> change) {
    AgentCall.Builder call = Fixtures.registerAgent("a2").toBuilder();
    change.accept(call.getRegisterAgentBuilder().getAgentInfoBuilder());
    return call.build();
  }

  private static AgentCall update(Consumer<AgentCall.Builder> change) {
    AgentCall.Builder call = Fixtures.statusUpdate("a1", "f1", "t1", TaskState.TASK_RUNNING, 1).toBuilder();
    change.accept(call);
    return call.build();
  }

  private static AgentCall executorMessage(String frameworkId, int bytes) {
    return AgentCall.newBuilder()
        .setType(AgentCall.Type.SEND_EXECUTOR_MESSAGE)
        .setAgentId(AgentID.newBuilder().setValue("a1"))
        .setSendExecutorMessage(AgentCall.SendExecutorMessage.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
            .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
            .setData(ByteString.copyFrom(new byte[bytes])))
        .build();
  }

  static Stream<Case> cases() {
    Resource negative = Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(-1)).build();
    var badTask = Fixtures.taskProto("f1", "t1", "a2", "cpus:1", TaskState.TASK_RUNNING).toBuilder();
    return Stream.of(
        bad("registration with an unsafe agent ID", registering(info -> info.setId(AgentID.newBuilder().setValue("a/b"))),
            "agent ID"),
        bad("registration without hostname", registering(info -> info.clearHostname()), "agent_info.hostname"),
        bad("registration with too many attributes", registering(info -> {
          for (int i = 0; i <= 100; i++) {
            info.addAttributes(Attribute.newBuilder().setName("x" + i).setType(Value.Type.TEXT));
          }
        }), "at most 100 attributes"),
        bad("registration with invalid resources", registering(info -> info.addResources(negative)), "invalid resources"),
        bad("registration without resources", registering(info -> info.clearResources()), "offers no resources"),
        new Case("registration under an ID in use", registering(info -> info.setId(AgentID.newBuilder().setValue("a1"))),
            Failure.CONFLICT, "already registered"),
        bad("re-registration with a task of another agent",
            Fixtures.reregisterAgent("a2", List.of(badTask.clone().setAgentId(AgentID.newBuilder().setValue("a3")).build()), List.of()),
            "must name agent a2"),
        bad("re-registration with a task without state",
            Fixtures.reregisterAgent("a2", List.of(badTask.clone().clearState().build()), List.of()), "and a state"),
        bad("re-registration with a task of invalid resources",
            Fixtures.reregisterAgent("a2", List.of(badTask.clone().addResources(negative).build()), List.of()),
            "invalid resources"),
        bad("re-registration with an unsafe framework ID", Fixtures.reregisterAgent("a2", List.of(),
            List.of(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("..")).build())), "framework ID"),
        new Case("an update from an agent not registered", update(call -> call.setAgentId(AgentID.newBuilder().setValue("a9"))),
            Failure.CONFLICT, "re-register"),
        bad("an update with an unsafe agent ID", update(call -> call.setAgentId(AgentID.newBuilder().setValue(""))), "agent ID"),
        bad("an update without uuid", update(call -> call.getUpdateStatusBuilder().getStatusBuilder().clearUuid()),
            "16-byte uuid"),
        bad("an update without state", update(call -> call.getUpdateStatusBuilder().getStatusBuilder().clearState()),
            "needs a state"),
        bad("an update of an unsafe task ID", update(call -> call.getUpdateStatusBuilder().getStatusBuilder()
            .getTaskIdBuilder().setValue("a b")), "task ID"),
        bad("an executor message larger than a megabyte", executorMessage("f1", 1024 * 1024 + 1), "larger than"),
        new Case("an executor message for an unknown framework", executorMessage("f9", 1), Failure.NOT_FOUND,
            "Unknown framework f9"),
        bad("an agent call of an unknown type", AgentCall.newBuilder().setType(AgentCall.Type.UNKNOWN).build(),
            "Unsupported agent call type"),
        new Case("a body that is no call", "not a call", Failure.BAD_REQUEST, "not String"),
        new Case("an empty message", null, Failure.BAD_REQUEST, "an empty message"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAndChangesNothing(Case refused) {
    Harness harness = new Harness().start().agent("a1");
    Response.GetState before = harness.state();
    harness.port.clear();

    Refusal refusal = harness.refused(refused.failure(), refused.body(), null);

    assertTrue(refusal.getMessage().contains(refused.why()), refusal.getMessage());
    assertEquals(List.of(), harness.port.sent(), "a refused call sends nothing");
    assertEquals(before, harness.state(), "a refused call changes nothing");
  }
}
