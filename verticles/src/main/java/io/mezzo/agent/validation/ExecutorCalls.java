package io.mezzo.agent.validation;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.executor.Call;

/**
 * The checks of an executor's calls to its agent ({@code POST /api/v1/executor}, or the
 * event bus), with Apache Mesos's rules (its {@code validateExecutorCall}): every call names
 * its executor and framework; an UPDATE carries a 16-byte uuid the executor chose, comes
 * from SOURCE_EXECUTOR, names no other executor and is not TASK_STAGING. Each check throws
 * a {@link Refusal} (400) naming the first problem; nothing is changed before they pass. Pure.
 */
public final class ExecutorCalls {
  /** Largest framework message an executor may send (as the master bounds schedulers'). */
  public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
  /** Longest TaskStatus.message an executor may send. */
  public static final int MAX_STATUS_MESSAGE_LENGTH = 64 * 1024;
  /** Largest TaskStatus.data an executor may send. */
  public static final int MAX_STATUS_DATA_BYTES = 1024 * 1024;
  /** Most unacknowledged tasks or updates a re-subscription may carry. */
  public static final int MAX_UNACKNOWLEDGED = 10_000;

  private ExecutorCalls() {}

  /** Checks {@code call}: its type, its executor and framework, and what its type needs. */
  public static void check(Call call) {
    if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
      throw Refusal.badRequest("Expecting 'type' to be present and known");
    }
    if (!call.hasExecutorId()) {
      throw Refusal.badRequest("Expecting 'executor_id' to be present");
    }
    if (!call.hasFrameworkId()) {
      throw Refusal.badRequest("Expecting 'framework_id' to be present");
    }
    if (call.getType() == Call.Type.HEARTBEAT) {
      // Mesos's executor library sends dummy IDs with heartbeats; they are not checked.
      return;
    }
    Refusal.requireId("executor", call.getExecutorId().getValue());
    Refusal.requireId("framework", call.getFrameworkId().getValue());
    switch (call.getType()) {
      case SUBSCRIBE -> checkSubscribe(call);
      case UPDATE -> {
        if (!call.hasUpdate()) {
          throw Refusal.badRequest("Expecting 'update' to be present");
        }
        checkStatus(call, call.getUpdate().getStatus());
      }
      case MESSAGE -> {
        if (!call.hasMessage()) {
          throw Refusal.badRequest("Expecting 'message' to be present");
        }
        if (call.getMessage().getData().size() > MAX_MESSAGE_BYTES) {
          throw Refusal.badRequest("message.data is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
      }
      default -> throw Refusal.badRequest("Unsupported executor call type " + call.getType());
    }
  }

  private static void checkSubscribe(Call call) {
    if (!call.hasSubscribe()) {
      throw Refusal.badRequest("Expecting 'subscribe' to be present");
    }
    Call.Subscribe subscribe = call.getSubscribe();
    if (subscribe.getUnacknowledgedTasksCount() > MAX_UNACKNOWLEDGED
        || subscribe.getUnacknowledgedUpdatesCount() > MAX_UNACKNOWLEDGED) {
      throw Refusal.badRequest("A subscription may carry at most " + MAX_UNACKNOWLEDGED
          + " unacknowledged tasks and as many unacknowledged updates");
    }
    for (TaskInfo task : subscribe.getUnacknowledgedTasksList()) {
      Refusal.requireId("subscribe.unacknowledged_tasks: task", task.getTaskId().getValue());
    }
    for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      checkStatus(call, update.getStatus());
    }
  }

  private static void checkStatus(Call call, TaskStatus status) {
    Refusal.requireId("task", status.getTaskId().getValue());
    if (!status.hasUuid()) {
      throw Refusal.badRequest("Expecting 'uuid' to be present");
    }
    if (status.getUuid().size() != 16) {
      throw Refusal.badRequest("'uuid' must be 16 bytes, not " + status.getUuid().size());
    }
    if (!status.hasState()) {
      throw Refusal.badRequest("Expecting 'state' to be present in the status of task " + status.getTaskId().getValue());
    }
    if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(call.getExecutorId().getValue())) {
      throw Refusal.badRequest("ExecutorID in Call: " + call.getExecutorId().getValue()
          + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue());
    }
    if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
      throw Refusal.badRequest("Received Call from executor " + call.getExecutorId().getValue() + " of framework "
          + call.getFrameworkId().getValue() + " with invalid source, expecting 'SOURCE_EXECUTOR'");
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      throw Refusal.badRequest("Received TASK_STAGING from executor " + call.getExecutorId().getValue()
          + " of framework " + call.getFrameworkId().getValue() + " which is not allowed");
    }
    if (status.getMessage().length() > MAX_STATUS_MESSAGE_LENGTH) {
      throw Refusal.badRequest("status.message is longer than " + MAX_STATUS_MESSAGE_LENGTH + " characters");
    }
    if (status.getData().size() > MAX_STATUS_DATA_BYTES) {
      throw Refusal.badRequest("status.data is larger than " + MAX_STATUS_DATA_BYTES + " bytes");
    }
  }
}
