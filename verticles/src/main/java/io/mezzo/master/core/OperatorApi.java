package io.mezzo.master.core;

import io.mezzo.Version;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.OperatorCalls;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Task;
import io.mezzo.v1.VersionInfo;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Call.Kill;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator API: the master's state in the shapes of Mesos's operator API, the event
 * stream of its changes (SUBSCRIBE), and the operator's actions (TEARDOWN, and Mezzo's
 * KILL_TASK), which reuse what a scheduler's own calls do. Returns the reply body (null when
 * there is nothing to say).
 *
 * <p>The calls about the master's node rather than its state (metrics, logging level,
 * files) are answered by that node's HTTP API, which holds them; here they are refused.
 */
final class OperatorApi {
  private final MasterContext context;
  private final StateViews views;
  private final Tasks tasks;
  private final Frameworks frameworks;
  private final Observers observers;

  OperatorApi(MasterContext context, StateViews views, Tasks tasks, Frameworks frameworks, Observers observers) {
    this.context = context;
    this.views = views;
    this.tasks = tasks;
    this.frameworks = frameworks;
    this.observers = observers;
  }

  /**
   * Answers or carries out {@code call}, which came through operator stream {@code streamId}
   * (only SUBSCRIBE needs one).
   *
   * @return a {@link Response}, the SUBSCRIBED {@link io.mezzo.v1.master.Event} of a
   *     SUBSCRIBE, or null
   * @throws Refusal when the call is malformed or names something the master does not have
   */
  Object handle(Call call, String streamId) {
    OperatorCalls.check(call);
    Response.Builder response = Response.newBuilder();
    switch (call.getType()) {
      case SUBSCRIBE -> {
        return observers.subscribe(streamId);
      }
      case GET_METRICS, GET_LOGGING_LEVEL, SET_LOGGING_LEVEL, LIST_FILES, READ_FILE -> throw Refusal.badRequest(
          call.getType() + " is about the master's node: the HTTP API of the leading master (POST /api/v1) answers it");
      case GET_FLAGS -> response.setType(Response.Type.GET_FLAGS).setGetFlags(views.flags());
      case GET_EXECUTORS -> response.setType(Response.Type.GET_EXECUTORS).setGetExecutors(views.executors());
      case GET_OPERATIONS -> response.setType(Response.Type.GET_OPERATIONS)
          .setGetOperations(Response.GetOperations.getDefaultInstance());
      case GET_ROLES -> response.setType(Response.Type.GET_ROLES).setGetRoles(views.roles(call.getGetRoles().getWithShares()));
      case GET_HEALTH -> response.setType(Response.Type.GET_HEALTH)
          .setGetHealth(Response.GetHealth.newBuilder().setHealthy(true));
      case GET_VERSION -> response.setType(Response.Type.GET_VERSION)
          .setGetVersion(Response.GetVersion.newBuilder()
              .setVersionInfo(VersionInfo.newBuilder().setVersion(Version.VERSION)));
      case GET_STATE -> response.setType(Response.Type.GET_STATE).setGetState(views.state());
      case GET_AGENTS -> response.setType(Response.Type.GET_AGENTS).setGetAgents(views.agents());
      case GET_FRAMEWORKS -> response.setType(Response.Type.GET_FRAMEWORKS).setGetFrameworks(views.frameworks());
      case GET_TASKS -> response.setType(Response.Type.GET_TASKS).setGetTasks(views.tasks());
      case GET_WEIGHTS -> response.setType(Response.Type.GET_WEIGHTS).setGetWeights(views.weights());
      case GET_MASTER -> response.setType(Response.Type.GET_MASTER).setGetMaster(views.master());
      case TEARDOWN -> {
        teardown(call);
        return null;
      }
      case KILL_TASK -> response.setType(Response.Type.KILL_TASK).setKillTask(killTask(call));
      default -> throw new IllegalStateException("no handler for checked operator call type " + call.getType());
    }
    return response.build();
  }

  private void teardown(Call call) {
    String id = call.getTeardown().getFrameworkId().getValue();
    FrameworkEntry framework = context.state.framework(id);
    if (framework == null) {
      throw context.state.isRemoved(id)
          ? new Refusal(Failure.CONFLICT, "Framework " + id + " has already been removed")
          : Refusal.notFound("Unknown framework " + id);
    }
    frameworks.remove(framework, "torn down by the operator");
  }

  /** Finds the one task the call names and kills it the way its framework's KILL would. */
  private Response.KillTask killTask(Call call) {
    Call.KillTask kill = call.getKillTask();
    String taskId = kill.getTaskId().getValue();
    String frameworkId = kill.hasFrameworkId() ? kill.getFrameworkId().getValue() : null;
    TaskEntry entry = find(taskId, frameworkId);
    if (entry.isTerminal()) {
      throw new Refusal(Failure.CONFLICT, "Task " + taskId + " has already ended: " + entry.state());
    }
    FrameworkEntry framework = context.state.framework(entry.key.frameworkId());
    if (framework.unreachableTasks.containsKey(taskId)) {
      throw new Refusal(Failure.CONFLICT, "Task " + taskId + " is on unreachable agent " + entry.agentId
          + "; it cannot be killed until the agent comes back");
    }
    Kill.Builder schedulerKill = Kill.newBuilder().setTaskId(kill.getTaskId()).setAgentId(AgentID.newBuilder().setValue(entry.agentId));
    if (kill.hasKillPolicy()) {
      schedulerKill.setKillPolicy(kill.getKillPolicy());
    }
    Response.KillTask killed = Response.KillTask.newBuilder()
        .setTaskId(kill.getTaskId())
        .setFrameworkId(framework.info.getId())
        .setAgentId(AgentID.newBuilder().setValue(entry.agentId))
        .setState(entry.state())
        .build();
    tasks.kill(framework, schedulerKill.build());
    return killed;
  }

  /**
   * The live task {@code taskId} of framework {@code frameworkId}, or of whichever framework
   * has one when that is null.
   *
   * @throws Refusal when there is none, or several and the framework was not named
   */
  private TaskEntry find(String taskId, String frameworkId) {
    List<TaskEntry> found = new ArrayList<>();
    if (frameworkId != null) {
      if (context.state.framework(frameworkId) == null) {
        throw context.state.isRemoved(frameworkId)
            ? new Refusal(Failure.CONFLICT, "Framework " + frameworkId + " has been removed; its tasks were killed")
            : Refusal.notFound("Unknown framework " + frameworkId);
      }
      TaskEntry entry = context.state.task(frameworkId, taskId);
      if (entry != null) {
        found.add(entry);
      }
    } else {
      for (FrameworkEntry framework : context.state.frameworks()) {
        TaskEntry entry = context.state.task(framework.id, taskId);
        if (entry != null) {
          found.add(entry);
        }
      }
    }
    if (found.size() > 1) {
      List<String> ids = found.stream().map(entry -> entry.key.frameworkId()).toList();
      throw Refusal.badRequest("Task " + taskId + " exists in " + ids.size() + " frameworks (" + String.join(", ", ids)
          + "); name one with framework_id (mezzo kill --framework)");
    }
    if (found.isEmpty()) {
      Task completed = completed(taskId, frameworkId);
      if (completed != null) {
        throw new Refusal(Failure.CONFLICT, "Task " + taskId + " has already ended: " + completed.getState());
      }
      throw Refusal.notFound("Unknown task " + taskId + (frameworkId == null ? "" : " of framework " + frameworkId));
    }
    return found.get(0);
  }

  /** The newest completed task {@code taskId} still remembered, to say why it cannot be killed. */
  private Task completed(String taskId, String frameworkId) {
    for (FrameworkEntry framework : context.state.frameworks()) {
      if (frameworkId == null || framework.id.equals(frameworkId)) {
        Task task = context.state.completedTask(framework.id, taskId);
        if (task != null) {
          return task;
        }
      }
    }
    return null;
  }
}
