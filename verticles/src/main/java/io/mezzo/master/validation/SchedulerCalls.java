package io.mezzo.master.validation;

import io.mezzo.bus.Refusal;
import io.mezzo.model.Ids;
import io.mezzo.model.Resources;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferFilters;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Value;
import io.mezzo.v1.scheduler.Call;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a scheduler's calls, in the two steps the master takes: who calls
 * ({@link #checkCaller}), before the master looks the framework up, then what the call says
 * ({@link #check}), before anything changes. Each throws a {@link Refusal} (400) naming the
 * first problem. Whether what a call names exists (a subscribed framework, an outstanding
 * offer) is known only to the master's state, and checked where the state lives.
 */
public final class SchedulerCalls {

  private SchedulerCalls() {}

  /**
   * Checks the stream {@code streamId} a call comes through and, for every call but
   * SUBSCRIBE, that it names its framework.
   */
  public static void checkCaller(Call call, String streamId) {
    if (streamId == null || !Ids.isValid(streamId)) {
      throw Refusal.badRequest("Scheduler calls need a valid Mesos-Stream-Id header");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      return;
    }
    if (!call.hasFrameworkId()) {
      throw Refusal.badRequest(call.getType() + " needs framework_id");
    }
    Refusal.requireId("framework", call.getFrameworkId().getValue());
  }

  /** Checks what {@code call} says: its type, the fields that type needs and their values. */
  public static void check(Call call) {
    switch (call.getType()) {
      case SUBSCRIBE -> checkSubscribe(call);
      // REQUEST is accepted and ignored, as Mesos's allocator ignores it; the body limit bounds it.
      case TEARDOWN, REVIVE, SUPPRESS, REQUEST -> { }
      case UPDATE_FRAMEWORK -> checkUpdateFramework(call);
      case ACCEPT -> checkAccept(required(call.hasAccept(), call.getAccept(), "accept"));
      case DECLINE -> {
        Call.Decline decline = required(call.hasDecline(), call.getDecline(), "decline");
        checkOfferIds(decline.getOfferIdsList(), false);
        checkFilters(decline.getFilters());
      }
      case KILL -> {
        Call.Kill kill = required(call.hasKill(), call.getKill(), "kill");
        Refusal.requireId("task", kill.getTaskId().getValue());
        if (kill.hasAgentId()) {
          Refusal.requireId("agent", kill.getAgentId().getValue());
        }
      }
      case SHUTDOWN -> {
        Call.Shutdown shutdown = required(call.hasShutdown(), call.getShutdown(), "shutdown");
        Refusal.requireId("agent", shutdown.getAgentId().getValue());
        Refusal.requireId("executor", shutdown.getExecutorId().getValue());
      }
      case ACKNOWLEDGE -> {
        Call.Acknowledge ack = required(call.hasAcknowledge(), call.getAcknowledge(), "acknowledge");
        Refusal.requireId("agent", ack.getAgentId().getValue());
        Refusal.requireId("task", ack.getTaskId().getValue());
        if (ack.getUuid().size() != 16) {
          throw Refusal.badRequest("acknowledge.uuid must be the 16-byte uuid of a status update");
        }
      }
      case RECONCILE -> {
        Call.Reconcile reconcile = call.getReconcile();
        if (reconcile.getTasksCount() > Limits.MAX_RECONCILE_TASKS) {
          throw Refusal.badRequest("reconcile names more than " + Limits.MAX_RECONCILE_TASKS + " tasks");
        }
        for (Call.Reconcile.Task task : reconcile.getTasksList()) {
          Refusal.requireId("task", task.getTaskId().getValue());
          if (task.hasAgentId()) {
            Refusal.requireId("agent", task.getAgentId().getValue());
          }
        }
      }
      case MESSAGE -> {
        Call.Message message = required(call.hasMessage(), call.getMessage(), "message");
        Refusal.requireId("agent", message.getAgentId().getValue());
        Refusal.requireId("executor", message.getExecutorId().getValue());
        if (message.getData().size() > Limits.MAX_MESSAGE_BYTES) {
          throw Refusal.badRequest("message.data is larger than " + Limits.MAX_MESSAGE_BYTES + " bytes");
        }
      }
      default -> throw Refusal.badRequest("Unsupported scheduler call type " + call.getType());
    }
  }

  /** The one role a framework takes: the first of its roles when it names any (MULTI_ROLE style), else its role. */
  public static String role(FrameworkInfo info) {
    return info.getRolesCount() > 0 ? info.getRoles(0) : info.getRole();
  }

  private static void checkSubscribe(Call call) {
    if (!call.hasSubscribe() || !call.getSubscribe().hasFrameworkInfo()) {
      throw Refusal.badRequest("SUBSCRIBE needs subscribe.framework_info");
    }
    FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
    checkFrameworkInfo(info);
    if (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId())) {
      throw Refusal.badRequest("framework_id and subscribe.framework_info.id differ");
    }
    checkSuppressedRoles(info, call.getSubscribe().getSuppressedRolesList());
  }

  private static void checkUpdateFramework(Call call) {
    if (!call.hasUpdateFramework() || !call.getUpdateFramework().hasFrameworkInfo()) {
      throw Refusal.badRequest("UPDATE_FRAMEWORK needs update_framework.framework_info");
    }
    FrameworkInfo info = call.getUpdateFramework().getFrameworkInfo();
    checkFrameworkInfo(info);
    if (!call.getFrameworkId().equals(info.getId())) {
      throw Refusal.badRequest("update_framework.framework_info.id must be the call's framework_id");
    }
    checkSuppressedRoles(info, call.getUpdateFramework().getSuppressedRolesList());
  }

  /**
   * Checks that {@code updated} changes only what UPDATE_FRAMEWORK may change: as in Mesos,
   * the user, principal and checkpointing stay as they were subscribed.
   */
  public static void checkUpdate(FrameworkInfo current, FrameworkInfo updated) {
    if (!current.getUser().equals(updated.getUser())) {
      throw Refusal.badRequest("Updating framework_info.user is not supported");
    }
    if (!current.getPrincipal().equals(updated.getPrincipal())) {
      throw Refusal.badRequest("Updating framework_info.principal is not supported");
    }
    if (current.getCheckpoint() != updated.getCheckpoint()) {
      throw Refusal.badRequest("Updating framework_info.checkpoint is not supported");
    }
  }

  private static void checkSuppressedRoles(FrameworkInfo info, List<String> suppressed) {
    String role = role(info);
    for (String name : suppressed) {
      if (!name.equals(role)) {
        throw Refusal.badRequest("suppressed_roles names '" + name + "', which is not a role of the framework");
      }
    }
  }

  private static void checkFrameworkInfo(FrameworkInfo info) {
    String tooLarge = Limits.frameworkProblem(info);
    if (tooLarge != null) {
      throw Refusal.badRequest(tooLarge);
    }
    if (info.getUser().isEmpty()) {
      throw Refusal.badRequest("framework_info.user is missing");
    }
    if (info.getName().isEmpty()) {
      throw Refusal.badRequest("framework_info.name is missing");
    }
    if (info.hasId()) {
      Refusal.requireId("framework", info.getId().getValue());
    }
    if (info.getRolesCount() > 1) {
      throw Refusal.badRequest("A framework takes one role; MULTI_ROLE frameworks are not supported");
    }
    String role = role(info);
    if (!Resources.isValidRole(role)) {
      throw Refusal.badRequest("Invalid role '" + role + "'");
    }
    double failover = info.getFailoverTimeout();
    if (!Double.isFinite(failover) || failover < 0) {
      throw Refusal.badRequest("framework_info.failover_timeout must be a non-negative number of seconds");
    }
    checkOfferFilters(info, role);
  }

  /** As in Mesos: filters only for the framework's roles, quantities finite and not negative. */
  private static void checkOfferFilters(FrameworkInfo info, String role) {
    for (Map.Entry<String, OfferFilters> entry : info.getOfferFiltersMap().entrySet()) {
      if (!entry.getKey().equals(role)) {
        throw Refusal.badRequest("framework_info.offer_filters names role '" + entry.getKey()
            + "', which is not a role of the framework");
      }
      for (OfferFilters.ResourceQuantities alternative
          : entry.getValue().getMinAllocatableResources().getQuantitiesList()) {
        for (Map.Entry<String, Value.Scalar> quantity : alternative.getQuantitiesMap().entrySet()) {
          double value = quantity.getValue().getValue();
          if (!Double.isFinite(value) || value < 0) {
            throw Refusal.badRequest("framework_info.offer_filters['" + entry.getKey() + "'] asks for "
                + value + " " + quantity.getKey() + "; quantities must be non-negative numbers");
          }
        }
      }
    }
  }

  private static void checkAccept(Call.Accept accept) {
    checkOfferIds(accept.getOfferIdsList(), true);
    for (Offer.Operation operation : accept.getOperationsList()) {
      boolean launch = operation.getType() == Offer.Operation.Type.LAUNCH && operation.hasLaunch();
      boolean group = operation.getType() == Offer.Operation.Type.LAUNCH_GROUP && operation.hasLaunchGroup();
      if (!launch && !group) {
        throw Refusal.badRequest("Unsupported offer operation " + operation.getType()
            + ": Mezzo supports LAUNCH (with its launch field) and LAUNCH_GROUP (with its launch_group field)");
      }
      if (group && !operation.getLaunchGroup().hasExecutor()) {
        throw Refusal.badRequest("A LAUNCH_GROUP operation needs launch_group.executor");
      }
    }
    checkFilters(accept.getFilters());
  }

  private static void checkOfferIds(List<OfferID> ids, boolean required) {
    if (required && ids.isEmpty()) {
      throw Refusal.badRequest("The call names no offers");
    }
    Set<String> seen = new HashSet<>();
    for (OfferID id : ids) {
      if (!seen.add(id.getValue())) {
        throw Refusal.badRequest("Offer " + id.getValue() + " is named twice");
      }
    }
  }

  /** Refusals longer than the allocator honours are capped by the allocator, not refused. */
  private static void checkFilters(Filters filters) {
    double seconds = filters.getRefuseSeconds();
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw Refusal.badRequest("filters.refuse_seconds must be a non-negative number, not " + seconds);
    }
  }

  private static <T> T required(boolean present, T value, String field) {
    if (!present) {
      throw Refusal.badRequest("The call needs its " + field + " field");
    }
    return value;
  }
}
