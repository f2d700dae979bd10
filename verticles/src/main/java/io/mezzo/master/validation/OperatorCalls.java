package io.mezzo.master.validation;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.master.Call;
import java.time.Duration;

/** The checks of an operator's calls; each throws a {@link Refusal} (400) naming the first problem. */
public final class OperatorCalls {
  /** The longest a GET_METRICS may ask to wait for fresh figures. */
  public static final Duration MAX_METRICS_TIMEOUT = Duration.ofMinutes(1);
  /** The longest a SET_LOGGING_LEVEL may hold. */
  public static final Duration MAX_LOGGING_DURATION = Duration.ofDays(1);
  /** The highest verbosity level; higher levels log no more (Mesos's glog uses up to 3). */
  public static final int MAX_LOGGING_LEVEL = 3;
  /** Longest path of a LIST_FILES or READ_FILE. */
  public static final int MAX_PATH_LENGTH = 4096;

  private OperatorCalls() {}

  /** Checks what {@code call} says: its type, the fields that type needs and their values. */
  public static void check(Call call) {
    switch (call.getType()) {
      case GET_HEALTH, GET_FLAGS, GET_VERSION, GET_LOGGING_LEVEL, GET_STATE, GET_AGENTS, GET_FRAMEWORKS,
          GET_EXECUTORS, GET_OPERATIONS, GET_TASKS, GET_ROLES, GET_WEIGHTS, GET_MASTER, SUBSCRIBE -> { }
      case GET_METRICS -> {
        if (call.hasGetMetrics() && call.getGetMetrics().hasTimeout()) {
          duration("get_metrics.timeout", call.getGetMetrics().getTimeout(), Duration.ZERO, MAX_METRICS_TIMEOUT);
        }
      }
      case SET_LOGGING_LEVEL -> {
        if (!call.hasSetLoggingLevel() || !call.getSetLoggingLevel().hasLevel()
            || !call.getSetLoggingLevel().hasDuration()) {
          throw Refusal.badRequest("SET_LOGGING_LEVEL needs set_logging_level.level and set_logging_level.duration");
        }
        Call.SetLoggingLevel set = call.getSetLoggingLevel();
        // uint32: a Java int that reads negative is a level above 2^31.
        if (set.getLevel() < 0 || set.getLevel() > MAX_LOGGING_LEVEL) {
          throw Refusal.badRequest("set_logging_level.level must be between 0 and " + MAX_LOGGING_LEVEL
              + ", not " + Integer.toUnsignedString(set.getLevel()));
        }
        duration("set_logging_level.duration", set.getDuration(), Duration.ofMillis(1), MAX_LOGGING_DURATION);
      }
      case LIST_FILES -> {
        if (!call.hasListFiles() || !call.getListFiles().hasPath()) {
          throw Refusal.badRequest("LIST_FILES needs list_files.path");
        }
        path("list_files.path", call.getListFiles().getPath());
      }
      case READ_FILE -> {
        if (!call.hasReadFile() || !call.getReadFile().hasPath() || !call.getReadFile().hasOffset()) {
          throw Refusal.badRequest("READ_FILE needs read_file.path and read_file.offset");
        }
        path("read_file.path", call.getReadFile().getPath());
        // uint64: a Java long that reads negative is an offset above 2^63, past any file.
        if (call.getReadFile().getOffset() < 0) {
          throw Refusal.badRequest("read_file.offset is too large: " + Long.toUnsignedString(call.getReadFile().getOffset()));
        }
      }
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
      case UPDATE_WEIGHTS, RESERVE_RESOURCES, UNRESERVE_RESOURCES, CREATE_VOLUMES, DESTROY_VOLUMES, GROW_VOLUME,
          SHRINK_VOLUME, GET_MAINTENANCE_STATUS, GET_MAINTENANCE_SCHEDULE, UPDATE_MAINTENANCE_SCHEDULE,
          START_MAINTENANCE, STOP_MAINTENANCE, DRAIN_AGENT, DEACTIVATE_AGENT, REACTIVATE_AGENT, GET_QUOTA,
          UPDATE_QUOTA, SET_QUOTA, REMOVE_QUOTA, MARK_AGENT_GONE -> throw notYet(call.getType());
      default -> throw Refusal.badRequest("Unsupported operator call type " + call.getType());
    }
  }

  /** The refusal of a call Mezzo knows by name ({@code type}) but does not carry out yet. */
  public static Refusal notYet(Call.Type type) {
    return Refusal.badRequest("The operator call " + type + " is not supported yet: reservations, volumes, quota,"
        + " weights updates, maintenance and agent draining come with issue 17 (allocation policy)");
  }

  private static void duration(String field, DurationInfo duration, Duration min, Duration max) {
    long nanos = duration.getNanoseconds();
    if (nanos < min.toNanos() || nanos > max.toNanos()) {
      throw Refusal.badRequest(field + " must be between " + min.toMillis() + " ms and " + max.toSeconds()
          + " s, not " + nanos + " ns");
    }
  }

  private static void path(String field, String path) {
    if (path.isEmpty()) {
      throw Refusal.badRequest(field + " is empty");
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw Refusal.badRequest(field + " is longer than " + MAX_PATH_LENGTH + " characters");
    }
  }
}
