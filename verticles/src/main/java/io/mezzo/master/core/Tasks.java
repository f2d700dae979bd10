package io.mezzo.master.core;

import com.google.protobuf.ByteString;
import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.model.TaskInfos;
import io.mezzo.model.TaskStates;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.scheduler.Call;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A task's life at the master: launch, status updates from its agent, acknowledgements,
 * kills and reconciliation, and what happens to tasks when their agent or framework goes.
 */
final class Tasks {
  private final MasterContext context;
  private final AllocatorClient allocator;
  private final Observers observers;
  private final Executors executors;

  Tasks(MasterContext context, AllocatorClient allocator, Observers observers, Executors executors) {
    this.context = context;
    this.allocator = allocator;
    this.observers = observers;
    this.executors = executors;
  }

  /** Records a validated task as staging and sends it to its agent. */
  void launch(FrameworkEntry framework, AgentEntry agent, TaskInfo info, Resources resources) {
    add(framework, info, null, resources);
    context.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.RUN_TASK)
            .setRunTask(AgentEvent.RunTask.newBuilder().setFramework(framework.info).setTask(info))
            .build());
  }

  /**
   * Records the tasks of a validated task group as staging and sends the group to its agent,
   * for its default executor {@code executor} (framework_id set).
   */
  void launchGroup(FrameworkEntry framework, AgentEntry agent, ExecutorInfo executor, TaskGroupInfo group,
      List<Resources> resources) {
    for (int i = 0; i < group.getTasksCount(); i++) {
      add(framework, group.getTasks(i), executor.getExecutorId(), resources.get(i));
    }
    context.toAgent(
        agent.id,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.RUN_TASK_GROUP)
            .setRunTaskGroup(AgentEvent.RunTaskGroup.newBuilder()
                .setFramework(framework.info)
                .setExecutor(executor)
                .setTaskGroup(group))
            .build());
  }

  private void add(FrameworkEntry framework, TaskInfo info, ExecutorID executorId, Resources resources) {
    Task task = TaskInfos.toTask(info, framework.info, info.getAgentId(), TaskState.TASK_STAGING);
    if (executorId != null) {
      task = task.toBuilder().setExecutorId(executorId).build();
    }
    context.state.addTask(new TaskEntry(task, resources, context.port.nanoTime()));
    observers.taskAdded(task);
  }

  /** Tells the framework that a task of its ACCEPT was invalid and not launched. */
  void refuse(FrameworkEntry framework, TaskInfo info, String agentId, String problem) {
    refuse(framework, info, agentId, problem, TaskStatus.Reason.REASON_TASK_INVALID);
  }

  /** Tells the framework that a task of its ACCEPT was not launched, and why. */
  void refuse(FrameworkEntry framework, TaskInfo info, String agentId, String problem, TaskStatus.Reason reason) {
    TaskStatus status =
        TaskUpdates.fromMaster(
            info.getTaskId(),
            AgentID.newBuilder().setValue(agentId).build(),
            TaskState.TASK_ERROR,
            reason,
            problem,
            context.nowMillis());
    context.recorder.taskEnded(TaskState.TASK_ERROR);
    context.toFramework(framework, TaskUpdates.event(status));
  }

  /**
   * Applies a status update from an agent and forwards it to the framework. The task's
   * latest state may be ahead of the update (earlier updates await acknowledgement); when
   * it becomes terminal, the task's resources return to the pool at once.
   */
  void update(AgentEntry agent, StatusUpdate update) {
    String frameworkId = update.getFrameworkId().getValue();
    TaskStatus status = update.getStatus().toBuilder().setAgentId(AgentID.newBuilder().setValue(agent.id)).build();
    FrameworkEntry framework = context.state.framework(frameworkId);
    if (framework == null) {
      // The framework was removed: nobody will acknowledge, so the master does, and the
      // agent stops retrying.
      acknowledgeToAgent(agent.id, update.getFrameworkId(), status.getTaskId(), status.getUuid());
      return;
    }
    TaskEntry entry = context.state.task(frameworkId, status.getTaskId().getValue());
    if (entry != null) {
      measureLaunch(entry, status.getState());
      TaskState latest = update.hasLatestState() ? update.getLatestState() : status.getState();
      TaskState next = TaskStates.canTransition(entry.state(), latest) ? latest : entry.state();
      boolean ended = !entry.isTerminal() && TaskStates.isTerminal(next);
      context.state.updateTask(entry, TaskUpdates.apply(entry.task, next, status));
      if (ended) {
        context.state.releaseTask(entry);
        allocator.recover(frameworkId, entry.agentId, entry.resources, null);
      }
      observers.taskUpdated(entry.task, status);
    }
    context.toFramework(framework, TaskUpdates.event(status));
  }

  /**
   * Records how long a task launched here took to run, at its first RUNNING update. The
   * update's own state counts, not the latest: a task that ran and ended at once reports
   * RUNNING first with FINISHED as its latest state.
   */
  private void measureLaunch(TaskEntry entry, TaskState reported) {
    if (reported == TaskState.TASK_RUNNING && entry.launchedHere() && !entry.launchMeasured) {
      entry.launchMeasured = true;
      context.recorder.launchLatency(context.port.nanoTime() - entry.launchedNanos);
    }
  }

  /**
   * Passes a framework's acknowledgement to the agent. Once the framework has acknowledged
   * a task's terminal update, the task is complete.
   */
  void acknowledge(FrameworkEntry framework, Call.Acknowledge ack) {
    AgentEntry agent = context.state.agent(ack.getAgentId().getValue());
    if (agent == null) {
      throw Refusal.notFound("Unknown agent " + ack.getAgentId().getValue());
    }
    TaskEntry entry = context.state.task(framework.id, ack.getTaskId().getValue());
    if (entry != null
        && entry.task.getStatusUpdateUuid().equals(ack.getUuid())
        && TaskStates.isTerminal(entry.task.getStatusUpdateState())) {
      context.state.completeTask(entry);
    }
    if (agent.reachable) {
      acknowledgeToAgent(agent.id, FrameworkID.newBuilder().setValue(framework.id).build(), ack.getTaskId(), ack.getUuid());
    }
  }

  private void acknowledgeToAgent(String agentId, FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
    context.toAgent(
        agentId,
        AgentEvent.newBuilder()
            .setType(AgentEvent.Type.ACKNOWLEDGE_UPDATE)
            .setAcknowledgeUpdate(
                AgentEvent.AcknowledgeUpdate.newBuilder()
                    .setFrameworkId(frameworkId)
                    .setTaskId(taskId)
                    .setUuid(uuid))
            .build());
  }

  /** Asks the task's agent to kill it; a task the master cannot kill is reconciled instead. */
  void kill(FrameworkEntry framework, Call.Kill kill) {
    TaskEntry entry = framework.tasks.get(kill.getTaskId().getValue());
    if (entry != null && !entry.isTerminal()) {
      AgentEvent.KillTask.Builder killTask =
          AgentEvent.KillTask.newBuilder()
              .setFrameworkId(FrameworkID.newBuilder().setValue(framework.id))
              .setTaskId(kill.getTaskId());
      if (kill.hasKillPolicy()) {
        killTask.setKillPolicy(kill.getKillPolicy());
      }
      context.toAgent(entry.agentId, AgentEvent.newBuilder().setType(AgentEvent.Type.KILL_TASK).setKillTask(killTask).build());
      return;
    }
    if (entry != null) {
      return; // Already terminal: its update is on the way.
    }
    // Unknown or unreachable: tell the framework what the master knows, as Mesos does.
    Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
    if (kill.hasAgentId()) {
      task.setAgentId(kill.getAgentId());
    }
    reconcile(framework, List.of(task.build()));
  }

  /**
   * Answers reconciliation: the latest state of each task asked for, or of every known task
   * of the framework when {@code tasks} is empty. Unknown tasks get the answers Mesos gives
   * (GONE, UNREACHABLE, UNKNOWN; LOST for frameworks that are not partition-aware).
   */
  void reconcile(FrameworkEntry framework, List<Call.Reconcile.Task> tasks) {
    if (tasks.isEmpty()) {
      List<TaskEntry> known = new ArrayList<>(framework.tasks.values());
      known.addAll(framework.unreachableTasks.values());
      for (TaskEntry entry : known) {
        sendLatest(framework, entry.task);
      }
      return;
    }
    boolean partitionAware = framework.partitionAware();
    for (Call.Reconcile.Task asked : tasks) {
      TaskEntry entry = context.state.task(framework.id, asked.getTaskId().getValue());
      if (entry != null) {
        sendLatest(framework, entry.task);
        continue;
      }
      AgentID agentId = asked.hasAgentId() ? asked.getAgentId() : null;
      AgentEntry agent = agentId == null ? null : context.state.agent(agentId.getValue());
      if (agent != null ? agent.recovered : anyRecoveredAgent()) {
        // The task may run on an agent that has not re-registered with this leader yet:
        // no answer now is better than a wrong TASK_LOST; the framework asks again.
        continue;
      }
      TaskStatus status;
      if (agent != null && agent.reachable) {
        status = TaskUpdates.fromMaster(asked.getTaskId(), agentId,
            partitionAware ? TaskState.TASK_GONE : TaskState.TASK_LOST,
            TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Task is unknown to the agent", context.nowMillis());
      } else if (agent != null) {
        status = TaskUpdates.withUnreachableTime(
            TaskUpdates.fromMaster(asked.getTaskId(), agentId,
                partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST,
                TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Task is unreachable", context.nowMillis()),
            agent.unreachableMillis);
      } else {
        status = TaskUpdates.fromMaster(asked.getTaskId(), agentId,
            partitionAware ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST,
            TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Task is unknown", context.nowMillis());
      }
      context.toFramework(framework, TaskUpdates.event(status));
    }
  }

  private boolean anyRecoveredAgent() {
    for (AgentEntry agent : context.state.agents()) {
      if (agent.recovered) {
        return true;
      }
    }
    return false;
  }

  private void sendLatest(FrameworkEntry framework, Task task) {
    TaskState state = task.hasStatusUpdateState() ? task.getStatusUpdateState() : task.getState();
    context.toFramework(
        framework,
        TaskUpdates.event(
            TaskUpdates.fromMaster(task, state, TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: Latest task state", context.nowMillis())));
  }

  /**
   * The agent is unreachable: each of its running tasks becomes TASK_UNREACHABLE (for
   * partition-aware frameworks, which may see it again) or TASK_LOST, and the framework is
   * told. The tasks' resources leave the pool with the agent.
   */
  void agentUnreachable(AgentEntry agent, String why) {
    List<TaskEntry> onAgent = new ArrayList<>();
    for (FrameworkEntry framework : context.state.frameworks()) {
      for (TaskEntry entry : framework.tasks.values()) {
        if (entry.agentId.equals(agent.id)) {
          onAgent.add(entry);
        }
      }
    }
    for (TaskEntry entry : onAgent) {
      FrameworkEntry framework = context.state.framework(entry.key.frameworkId());
      if (entry.isTerminal()) {
        // Ended, its update not yet acknowledged: the agent resends it if it comes back.
        context.state.completeTask(entry);
        continue;
      }
      TaskState state = framework.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
      TaskStatus status = TaskUpdates.withUnreachableTime(
          TaskUpdates.fromMaster(entry.task, state, TaskStatus.Reason.REASON_AGENT_REMOVED,
              "Agent " + agent.id + " is unreachable: " + why, context.nowMillis()),
          agent.unreachableMillis);
      Task updated = TaskUpdates.apply(entry.task, state, status);
      if (state == TaskState.TASK_LOST) {
        context.state.updateTask(entry, updated);
        context.state.completeTask(entry);
      } else {
        context.state.markTaskUnreachable(entry, updated);
      }
      observers.taskUpdated(updated, status);
      context.toFramework(framework, TaskUpdates.event(status));
    }
  }

  /**
   * The framework is being removed: its tasks are killed on their agents and recorded as
   * TASK_KILLED with reason REASON_FRAMEWORK_REMOVED.
   */
  void frameworkRemoved(FrameworkEntry framework) {
    Set<String> agents = new LinkedHashSet<>(executors.frameworkRemoved(framework));
    List<TaskEntry> all = new ArrayList<>(framework.tasks.values());
    all.addAll(framework.unreachableTasks.values());
    for (TaskEntry entry : all) {
      agents.add(entry.agentId);
      if (!entry.isTerminal()) {
        TaskStatus status = TaskUpdates.fromMaster(entry.task, TaskState.TASK_KILLED,
            TaskStatus.Reason.REASON_FRAMEWORK_REMOVED, "Framework " + framework.id + " removed", context.nowMillis());
        context.state.updateTask(entry, TaskUpdates.apply(entry.task, TaskState.TASK_KILLED, status));
        observers.taskUpdated(entry.task, status);
      }
      context.state.completeTask(entry);
    }
    for (String agentId : agents) {
      AgentEntry agent = context.state.agent(agentId);
      if (agent != null && agent.reachable) {
        context.toAgent(
            agentId,
            AgentEvent.newBuilder()
                .setType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)
                .setShutdownFramework(
                    AgentEvent.ShutdownFramework.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(framework.id)))
                .build());
      }
    }
  }

  /**
   * Reconciles the master's view of a re-registering agent's tasks with the agent's report;
   * the agent is the truth for its tasks. Tasks the master had given up on (its agent was
   * unreachable, or the master did not know the agent) come back, and their frameworks
   * learn it through an update, as in Mesos. Tasks the master had on the agent that the
   * agent no longer reports are lost.
   *
   * @param wasKnown whether the agent was registered (reachable or not) before
   */
  void agentReregistered(AgentEntry agent, List<Task> reported, boolean wasKnown, boolean wasReachable) {
    Set<TaskKey> reportedKeys = new LinkedHashSet<>();
    for (Task task : reported) {
      TaskKey key = new TaskKey(task.getFrameworkId().getValue(), task.getTaskId().getValue());
      reportedKeys.add(key);
      FrameworkEntry framework = context.state.framework(key.frameworkId());
      if (framework == null) {
        continue;
      }
      TaskEntry entry = context.state.task(key.frameworkId(), key.taskId());
      boolean returning;
      if (entry == null) {
        context.state.forgetCompletedTask(key.frameworkId(), key.taskId());
        entry = new TaskEntry(task, Resources.fromProto(task.getResourcesList()), TaskEntry.NOT_LAUNCHED_HERE);
        context.state.addTask(entry);
        observers.taskAdded(task);
        returning = true;
      } else if (framework.unreachableTasks.containsKey(key.taskId())) {
        context.state.restoreTask(entry, entry.task.toBuilder().setState(task.getState()).build());
        returning = true;
      } else {
        returning = false;
        if (task.getState() != entry.state() && TaskStates.canTransition(entry.state(), task.getState())) {
          // The agent is the truth for its tasks; its updates will tell the framework.
          context.state.updateTask(entry, entry.task.toBuilder().setState(task.getState()).build());
        }
      }
      if (TaskStates.isTerminal(entry.state())) {
        context.state.releaseTask(entry);
      }
      if (returning && !(wasKnown && wasReachable)) {
        TaskStatus status = TaskUpdates.fromMaster(entry.task, task.getState(), TaskStatus.Reason.REASON_AGENT_REREGISTERED,
            wasKnown ? "Unreachable agent re-registered" : "Unknown agent re-registered", context.nowMillis());
        context.state.updateTask(entry, TaskUpdates.apply(entry.task, task.getState(), status));
        observers.taskUpdated(entry.task, status);
        context.toFramework(framework, TaskUpdates.event(status));
      }
    }
    List<TaskEntry> missing = new ArrayList<>();
    for (FrameworkEntry framework : context.state.frameworks()) {
      for (TaskEntry entry : framework.tasks.values()) {
        if (entry.agentId.equals(agent.id) && !entry.isTerminal() && !reportedKeys.contains(entry.key)) {
          missing.add(entry);
        }
      }
      for (TaskEntry entry : framework.unreachableTasks.values()) {
        if (entry.agentId.equals(agent.id) && !reportedKeys.contains(entry.key)) {
          missing.add(entry);
        }
      }
    }
    for (TaskEntry entry : missing) {
      FrameworkEntry framework = context.state.framework(entry.key.frameworkId());
      TaskState state = framework.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST;
      TaskStatus status = TaskUpdates.fromMaster(entry.task, state, TaskStatus.Reason.REASON_RECONCILIATION,
          "Task was not reported by agent " + agent.id + " when it re-registered", context.nowMillis());
      context.state.updateTask(entry, TaskUpdates.apply(entry.task, state, status));
      context.state.completeTask(entry);
      observers.taskUpdated(entry.task, status);
      context.toFramework(framework, TaskUpdates.event(status));
    }
  }
}
