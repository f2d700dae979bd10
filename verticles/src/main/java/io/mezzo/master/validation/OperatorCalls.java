package io.mezzo.master.validation;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.master.Call;

/** The checks of an operator's calls; each throws a {@link Refusal} (400) naming the first problem. */
public final class OperatorCalls {
  private OperatorCalls() {}

  /** Checks what {@code call} says: its type, the fields that type needs and their values. */
  public static void check(Call call) {
    switch (call.getType()) {
      case GET_HEALTH, GET_VERSION, GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_TASKS, GET_WEIGHTS, GET_MASTER -> { }
      case TEARDOWN -> {
        if (!call.hasTeardown()) {
          throw Refusal.badRequest("TEARDOWN needs teardown.framework_id");
        }
        Refusal.requireId("framework", call.getTeardown().getFrameworkId().getValue());
      }
      case KILL_TASK -> {
        if (!call.hasKillTask()) {
          throw Refusal.badRequest("KILL_TASK needs kill_task.task_id");
        }
        Call.KillTask kill = call.getKillTask();
        Refusal.requireId("task", kill.getTaskId().getValue());
        if (kill.hasFrameworkId()) {
          Refusal.requireId("framework", kill.getFrameworkId().getValue());
        }
      }
      default -> throw Refusal.badRequest("Unsupported operator call type " + call.getType());
    }
  }
}
