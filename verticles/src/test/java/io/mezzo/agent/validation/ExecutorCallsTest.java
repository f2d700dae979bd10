package io.mezzo.agent.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;
import org.junit.jupiter.api.Test;

/** Mesos's rules for executor calls, and Mezzo's bounds on them. */
class ExecutorCallsTest {
  private static Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
        .setExecutorId(ExecutorID.newBuilder().setValue("e1"));
  }

  private static TaskStatus.Builder status() {
    return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")).setState(TaskState.TASK_RUNNING)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(ByteString.copyFrom(new byte[16]));
  }

  private static Call update(TaskStatus.Builder status) {
    return call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status)).build();
  }

  private static void refused(Call call, String why) {
    Refusal refusal = assertThrows(Refusal.class, () -> ExecutorCalls.check(call));
    assertTrue(refusal.getMessage().contains(why), refusal.getMessage());
  }

  @Test
  void validCallsPass() {
    assertDoesNotThrow(() -> ExecutorCalls.check(call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .addUnacknowledgedTasks(TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")))
        .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(status()))).build()));
    assertDoesNotThrow(() -> ExecutorCalls.check(update(status())));
    assertDoesNotThrow(() -> ExecutorCalls.check(call(Call.Type.MESSAGE)
        .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("x"))).build()));
    // Mesos's executor library sends heartbeats with dummy IDs.
    assertDoesNotThrow(() -> ExecutorCalls.check(call(Call.Type.HEARTBEAT)
        .setFrameworkId(FrameworkID.newBuilder().setValue("")).build()));
  }

  @Test
  void callsMustNameTheirTypeExecutorAndFramework() {
    refused(call(Call.Type.UPDATE).clearType().build(), "type");
    refused(call(Call.Type.UNKNOWN).build(), "type");
    refused(call(Call.Type.SUBSCRIBE).clearExecutorId().setSubscribe(Call.Subscribe.getDefaultInstance()).build(), "executor_id");
    refused(call(Call.Type.SUBSCRIBE).clearFrameworkId().setSubscribe(Call.Subscribe.getDefaultInstance()).build(), "framework_id");
    refused(call(Call.Type.SUBSCRIBE).setExecutorId(ExecutorID.newBuilder().setValue("../x"))
        .setSubscribe(Call.Subscribe.getDefaultInstance()).build(), "executor ID");
    refused(call(Call.Type.SUBSCRIBE).build(), "'subscribe'");
    refused(call(Call.Type.UPDATE).build(), "'update'");
    refused(call(Call.Type.MESSAGE).build(), "'message'");
  }

  @Test
  void updatesFollowMesossRules() {
    refused(update(status().clearUuid()), "'uuid'");
    refused(update(status().setUuid(ByteString.copyFromUtf8("short"))), "16 bytes");
    refused(update(status().setExecutorId(ExecutorID.newBuilder().setValue("e2"))), "does not match");
    refused(update(status().setSource(TaskStatus.Source.SOURCE_AGENT)), "SOURCE_EXECUTOR");
    refused(update(status().clearSource()), "SOURCE_EXECUTOR");
    refused(update(status().setState(TaskState.TASK_STAGING)), "TASK_STAGING");
    refused(update(status().clearState()), "'state'");
    refused(update(status().setTaskId(TaskID.newBuilder().setValue(""))), "task ID");
    refused(call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(status().clearUuid()))).build(), "'uuid'");
  }

  @Test
  void sizesAreBounded() {
    refused(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
        .setData(ByteString.copyFrom(new byte[ExecutorCalls.MAX_MESSAGE_BYTES + 1]))).build(), "larger than");
    refused(update(status().setMessage("x".repeat(ExecutorCalls.MAX_STATUS_MESSAGE_LENGTH + 1))), "longer than");
    Call.Subscribe.Builder many = Call.Subscribe.newBuilder();
    for (int i = 0; i <= ExecutorCalls.MAX_UNACKNOWLEDGED; i++) {
      many.addUnacknowledgedTasks(TaskInfo.newBuilder().setTaskId(TaskID.newBuilder().setValue("t" + i)));
    }
    refused(call(Call.Type.SUBSCRIBE).setSubscribe(many).build(), "at most");
  }
}
