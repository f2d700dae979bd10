package io.mezzo.master.core;

import io.mezzo.v1.AgentID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.TimeInfo;
import io.mezzo.v1.scheduler.Event;
import java.util.List;

/** Builds the task statuses the master itself generates and applies statuses to tasks. */
final class TaskUpdates {
  /** Statuses kept per task for the state view; older ones are dropped. */
  static final int MAX_STATUSES = 10;

  private TaskUpdates() {}

  /** A status from the master (no uuid: it needs no acknowledgement). */
  static TaskStatus fromMaster(
      TaskID taskId, AgentID agentId, TaskState state, TaskStatus.Reason reason, String message, long nowMillis) {
    TaskStatus.Builder status =
        TaskStatus.newBuilder()
            .setTaskId(taskId)
            .setState(state)
            .setSource(TaskStatus.Source.SOURCE_MASTER)
            .setReason(reason)
            .setMessage(message)
            .setTimestamp(nowMillis / 1000.0);
    if (agentId != null && !agentId.getValue().isEmpty()) {
      status.setAgentId(agentId);
    }
    return status.build();
  }

  /** The same, for a task the master knows. */
  static TaskStatus fromMaster(Task task, TaskState state, TaskStatus.Reason reason, String message, long nowMillis) {
    TaskStatus.Builder status = fromMaster(task.getTaskId(), task.getAgentId(), state, reason, message, nowMillis).toBuilder();
    if (task.hasExecutorId()) {
      status.setExecutorId(task.getExecutorId());
    }
    return status.build();
  }

  /** Marks a master-generated status with the time its agent became unreachable. */
  static TaskStatus withUnreachableTime(TaskStatus status, long unreachableMillis) {
    return status.toBuilder()
        .setUnreachableTime(TimeInfo.newBuilder().setNanoseconds(unreachableMillis * 1_000_000L))
        .build();
  }

  /**
   * {@code task} with {@code state} as its latest state and {@code status} appended to its
   * history. An update that needs acknowledgement (it has a uuid) becomes the task's pending
   * status update.
   */
  static Task apply(Task task, TaskState state, TaskStatus status) {
    Task.Builder updated = task.toBuilder().setState(state);
    if (status.hasUuid()) {
      updated.setStatusUpdateState(status.getState()).setStatusUpdateUuid(status.getUuid());
    }
    if (updated.getStatusesCount() >= MAX_STATUSES) {
      var kept = updated.getStatusesList().subList(updated.getStatusesCount() - MAX_STATUSES + 1, updated.getStatusesCount());
      var copy = List.copyOf(kept);
      updated.clearStatuses().addAllStatuses(copy);
    }
    return updated.addStatuses(status).build();
  }

  static Event event(TaskStatus status) {
    return Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(status))
        .build();
  }
}
