package io.mezzo.master.core;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.master.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the master's changes to whoever watches: published for dashboards on the
 * {@code mezzo.events.*} addresses, and sent to every operator subscription stream
 * (SUBSCRIBE of the operator API), each on its own address, in the order they happen.
 *
 * <p>A stream gets the state as SUBSCRIBED first; every change after it follows. Streams are
 * heartbeat as scheduler streams are: one whose consumer is gone (its connection closed)
 * fails the heartbeat request and is dropped, so a stream costs nothing once its client left.
 */
final class Observers {
  /**
   * Operator streams served at once, across every node: each is one more message per change,
   * so the number is bounded (each HTTP node also caps its own connections, lower).
   */
  static final int MAX_STREAMS = 1000;

  private final MasterContext context;
  private final StateViews views;
  /** Operator streams by ID, each with whether a heartbeat to it is in flight. */
  private final Map<String, Boolean> streams = new LinkedHashMap<>();

  Observers(MasterContext context, StateViews views) {
    this.context = context;
    this.views = views;
  }

  /**
   * Starts operator stream {@code streamId}: every change from now on is sent to it.
   *
   * @return the SUBSCRIBED event that answers the call: the state before any of those changes
   * @throws Refusal when the stream is already subscribed, or {@link #MAX_STREAMS} are
   */
  Event subscribe(String streamId) {
    if (streamId == null || streamId.isBlank()) {
      throw Refusal.badRequest("An operator SUBSCRIBE needs a stream ID: the header Mesos-Stream-Id of its event-bus message");
    }
    Refusal.requireId("stream", streamId);
    if (streams.containsKey(streamId)) {
      throw new Refusal(Failure.CONFLICT, "Operator stream " + streamId + " is already subscribed");
    }
    if (streams.size() >= MAX_STREAMS) {
      throw new Refusal(Failure.UNAVAILABLE, "The master already serves " + MAX_STREAMS
          + " operator event streams; try again later");
    }
    streams.put(streamId, false);
    return Event.newBuilder()
        .setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder()
            .setGetState(views.state())
            .setHeartbeatIntervalSeconds(context.config.heartbeatInterval().toMillis() / 1000.0))
        .build();
  }

  /** The operator streams open now. */
  int streams() {
    return streams.size();
  }

  /** Sends every stream a HEARTBEAT it must answer; one that does not is dropped. */
  void heartbeat() {
    Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    List<String> due = new ArrayList<>();
    streams.forEach((id, inFlight) -> {
      if (!inFlight) {
        due.add(id);
      }
    });
    for (String id : due) {
      streams.put(id, true);
      context.port.request(Addresses.operator(id), heartbeat, context.config.heartbeatInterval())
          .whenComplete((answered, error) -> {
            if (error != null) {
              streams.remove(id);
            } else {
              streams.computeIfPresent(id, (key, inFlight) -> false);
            }
          });
    }
  }

  void taskAdded(Task task) {
    tell(Addresses.EVENTS_TASKS, Event.newBuilder()
        .setType(Event.Type.TASK_ADDED)
        .setTaskAdded(Event.TaskAdded.newBuilder().setTask(task))
        .build());
  }

  void taskUpdated(Task task, TaskStatus status) {
    tell(Addresses.EVENTS_TASKS, Event.newBuilder()
        .setType(Event.Type.TASK_UPDATED)
        .setTaskUpdated(Event.TaskUpdated.newBuilder()
            .setFrameworkId(task.getFrameworkId())
            .setStatus(status)
            .setState(task.getState()))
        .build());
  }

  void agentAdded(AgentEntry agent) {
    tell(Addresses.EVENTS_AGENTS, Event.newBuilder()
        .setType(Event.Type.AGENT_ADDED)
        .setAgentAdded(Event.AgentAdded.newBuilder().setAgent(views.agent(agent)))
        .build());
  }

  void agentRemoved(AgentEntry agent) {
    tell(Addresses.EVENTS_AGENTS, Event.newBuilder()
        .setType(Event.Type.AGENT_REMOVED)
        .setAgentRemoved(Event.AgentRemoved.newBuilder().setAgentId(AgentID.newBuilder().setValue(agent.id)))
        .build());
  }

  /** Published only: Mesos's operator stream has no executor events, and a strict Mesos client would refuse one. */
  void executorAdded(ExecutorEntry executor) {
    context.port.publish(
        Addresses.EVENTS_EXECUTORS,
        Event.newBuilder()
            .setType(Event.Type.EXECUTOR_ADDED)
            .setExecutorAdded(Event.ExecutorAdded.newBuilder()
                .setExecutorInfo(executor.info)
                .setAgentId(AgentID.newBuilder().setValue(executor.agentId)))
            .build());
  }

  /**
   * Published only, as {@link #executorAdded}. {@code status} is the executor's exit status,
   * or null when it had no process of its own.
   */
  void executorRemoved(ExecutorEntry executor, Integer status, String message) {
    Event.ExecutorRemoved.Builder removed = Event.ExecutorRemoved.newBuilder()
        .setFrameworkId(executor.info.getFrameworkId())
        .setExecutorId(executor.info.getExecutorId())
        .setAgentId(AgentID.newBuilder().setValue(executor.agentId))
        .setMessage(message);
    if (status != null) {
      removed.setStatus(status);
    }
    context.port.publish(Addresses.EVENTS_EXECUTORS,
        Event.newBuilder().setType(Event.Type.EXECUTOR_REMOVED).setExecutorRemoved(removed).build());
  }

  void frameworkAdded(FrameworkEntry framework) {
    tell(Addresses.EVENTS_FRAMEWORKS, Event.newBuilder()
        .setType(Event.Type.FRAMEWORK_ADDED)
        .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(views.framework(framework)))
        .build());
  }

  void frameworkUpdated(FrameworkEntry framework) {
    tell(Addresses.EVENTS_FRAMEWORKS, Event.newBuilder()
        .setType(Event.Type.FRAMEWORK_UPDATED)
        .setFrameworkUpdated(Event.FrameworkUpdated.newBuilder().setFramework(views.framework(framework)))
        .build());
  }

  void frameworkRemoved(FrameworkEntry framework) {
    tell(Addresses.EVENTS_FRAMEWORKS, Event.newBuilder()
        .setType(Event.Type.FRAMEWORK_REMOVED)
        .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(framework.info))
        .build());
  }

  private void tell(String eventsAddress, Event event) {
    context.port.publish(eventsAddress, event);
    for (String id : streams.keySet()) {
      context.port.send(Addresses.operator(id), event);
    }
  }
}
