package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Event;

/** Publishes the master's changes for dashboards and other observers. */
final class Observers {
  private final MasterPort port;
  private final StateViews views;

  Observers(MasterPort port, StateViews views) {
    this.port = port;
    this.views = views;
  }

  void taskAdded(Task task) {
    port.publish(
        Addresses.EVENTS_TASKS,
        Event.newBuilder()
            .setType(Event.Type.TASK_ADDED)
            .setTaskAdded(Event.TaskAdded.newBuilder().setTask(task))
            .build());
  }

  void taskUpdated(Task task, TaskStatus status) {
    port.publish(
        Addresses.EVENTS_TASKS,
        Event.newBuilder()
            .setType(Event.Type.TASK_UPDATED)
            .setTaskUpdated(
                Event.TaskUpdated.newBuilder()
                    .setFrameworkId(task.getFrameworkId())
                    .setStatus(status)
                    .setState(task.getState()))
            .build());
  }

  void agentAdded(AgentEntry agent) {
    port.publish(
        Addresses.EVENTS_AGENTS,
        Event.newBuilder()
            .setType(Event.Type.AGENT_ADDED)
            .setAgentAdded(Event.AgentAdded.newBuilder().setAgent(views.agent(agent)))
            .build());
  }

  void agentRemoved(AgentEntry agent) {
    port.publish(
        Addresses.EVENTS_AGENTS,
        Event.newBuilder()
            .setType(Event.Type.AGENT_REMOVED)
            .setAgentRemoved(Event.AgentRemoved.newBuilder().setAgentId(AgentID.newBuilder().setValue(agent.id)))
            .build());
  }

  void executorAdded(ExecutorEntry executor) {
    port.publish(
        Addresses.EVENTS_EXECUTORS,
        Event.newBuilder()
            .setType(Event.Type.EXECUTOR_ADDED)
            .setExecutorAdded(Event.ExecutorAdded.newBuilder()
                .setExecutorInfo(executor.info)
                .setAgentId(AgentID.newBuilder().setValue(executor.agentId)))
            .build());
  }

  /** {@code status} is the executor's exit status, or null when it had no process of its own. */
  void executorRemoved(ExecutorEntry executor, Integer status, String message) {
    Event.ExecutorRemoved.Builder removed = Event.ExecutorRemoved.newBuilder()
        .setFrameworkId(executor.info.getFrameworkId())
        .setExecutorId(executor.info.getExecutorId())
        .setAgentId(AgentID.newBuilder().setValue(executor.agentId))
        .setMessage(message);
    if (status != null) {
      removed.setStatus(status);
    }
    port.publish(Addresses.EVENTS_EXECUTORS,
        Event.newBuilder().setType(Event.Type.EXECUTOR_REMOVED).setExecutorRemoved(removed).build());
  }

  void frameworkAdded(FrameworkEntry framework) {
    port.publish(
        Addresses.EVENTS_FRAMEWORKS,
        Event.newBuilder()
            .setType(Event.Type.FRAMEWORK_ADDED)
            .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(views.framework(framework)))
            .build());
  }

  void frameworkUpdated(FrameworkEntry framework) {
    port.publish(
        Addresses.EVENTS_FRAMEWORKS,
        Event.newBuilder()
            .setType(Event.Type.FRAMEWORK_UPDATED)
            .setFrameworkUpdated(Event.FrameworkUpdated.newBuilder().setFramework(views.framework(framework)))
            .build());
  }

  void frameworkRemoved(FrameworkEntry framework) {
    port.publish(
        Addresses.EVENTS_FRAMEWORKS,
        Event.newBuilder()
            .setType(Event.Type.FRAMEWORK_REMOVED)
            .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(framework.info))
            .build());
  }
}
