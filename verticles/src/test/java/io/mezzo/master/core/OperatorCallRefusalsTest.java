package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed operator call, and every one naming what the master does not have, is refused and changes nothing. */
class OperatorCallRefusalsTest {
  /** One call that must be refused with {@code failure}, saying {@code why}. */
  record Case(String name, Call call, Failure failure, String why) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Call.Builder of(Call.Type type) {
    return Call.newBuilder().setType(type);
  }

  private static Call.KillTask.Builder kill(String taskId) {
    return Call.KillTask.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("teardown without teardown", of(Call.Type.TEARDOWN).build(), Failure.BAD_REQUEST, "teardown.framework_id"),
        new Case("teardown of an unsafe ID", of(Call.Type.TEARDOWN).setTeardown(Call.Teardown.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue("a/b"))).build(), Failure.BAD_REQUEST, "framework ID"),
        new Case("teardown of an unknown framework", of(Call.Type.TEARDOWN).setTeardown(Call.Teardown.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue("f9"))).build(), Failure.NOT_FOUND, "Unknown framework f9"),
        new Case("kill without kill_task", of(Call.Type.KILL_TASK).build(), Failure.BAD_REQUEST, "kill_task.task_id"),
        new Case("kill of an unsafe task ID", of(Call.Type.KILL_TASK).setKillTask(kill("..")).build(),
            Failure.BAD_REQUEST, "task ID"),
        new Case("kill naming an unsafe framework ID", of(Call.Type.KILL_TASK).setKillTask(kill("t1")
            .setFrameworkId(FrameworkID.newBuilder().setValue(" "))).build(), Failure.BAD_REQUEST, "framework ID"),
        new Case("kill of an unknown task", of(Call.Type.KILL_TASK).setKillTask(kill("t9")).build(),
            Failure.NOT_FOUND, "Unknown task t9"),
        new Case("an operator call of an unknown type", of(Call.Type.UNKNOWN).build(), Failure.BAD_REQUEST,
            "Unsupported operator call type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedAndChangesNothing(Case refused) {
    Harness harness = new Harness().start().agent("a1");
    harness.subscribe(Fixtures.newFramework("f").build(), harness.newStream());
    Response.GetState before = harness.state();
    harness.port.clear();

    Refusal refusal = harness.refused(refused.failure(), refused.call(), null);

    assertTrue(refusal.getMessage().contains(refused.why()), refusal.getMessage());
    assertEquals(List.of(), harness.port.sent(), "a refused call sends nothing");
    assertEquals(before, harness.state(), "a refused call changes nothing");
  }
}
