package io.mezzo.testing;

import com.google.protobuf.ByteString;
import io.mezzo.Version;
import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.AgentInfo;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.StatusUpdate;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Agents that speak the internal agent protocol to the master but run no process: a launched
 * task is RUNNING at once and FINISHED right after, reported the way a real agent's status
 * update manager reports (one update of a task in flight, carrying the task's latest state;
 * the next goes once the framework acknowledges). Each agent is one event-bus consumer and a
 * few maps, so one JVM can play a cluster of thousands: for tests and benchmarks of the
 * master, never for production.
 *
 * <p>All agents of one instance share its event loop. They do not resend unacknowledged
 * updates: in one JVM the event bus does not lose messages.
 */
public final class SimulatedAgents extends VerticleBase {
  private static final DeliveryOptions REGISTRATION = new DeliveryOptions().setSendTimeout(120_000);

  private final String prefix;
  private final int count;
  private final Resources resources;
  private final List<Agent> agents = new ArrayList<>();
  private volatile int launched;

  /** {@code count} agents named {@code <prefix>-<n>-S0}, each with {@code resources}. */
  public SimulatedAgents(String prefix, int count, String resources) {
    this.prefix = prefix;
    this.count = count;
    this.resources = Resources.parse(resources);
  }

  /** Starts listening and registers every agent; completes once all are registered. */
  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    List<Future<?>> registered = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Agent agent = new Agent(prefix + "-" + i + "-S0");
      agents.add(agent);
      registered.add(agent.start());
    }
    return Future.all(registered);
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> unregistered = new ArrayList<>();
    agents.forEach(agent -> unregistered.add(agent.consumer.unregister()));
    return Future.join(unregistered);
  }

  /** The IDs of the agents. */
  public List<String> agentIds() {
    return agents.stream().map(agent -> agent.id).toList();
  }

  /** How many tasks the agents were asked to run. */
  public int launched() {
    return launched;
  }

  /** One agent: its unacknowledged updates, per task, oldest first. */
  private final class Agent {
    final String id;
    final Map<String, Deque<StatusUpdate>> pending = new HashMap<>();
    MessageConsumer<AgentEvent> consumer;

    Agent(String id) {
      this.id = id;
    }

    Future<?> start() {
      consumer = vertx.eventBus().consumer(Addresses.agent(id), this::onEvent);
      AgentInfo info = AgentInfo.newBuilder()
          .setId(AgentID.newBuilder().setValue(id))
          .setHostname(id + ".simulated")
          .addAllResources(resources.toProto())
          .build();
      AgentCall register = AgentCall.newBuilder()
          .setType(AgentCall.Type.REGISTER_AGENT)
          .setAgentId(info.getId())
          .setRegisterAgent(AgentCall.RegisterAgent.newBuilder().setAgentInfo(info).setVersion(Version.VERSION))
          .build();
      return consumer.completion().compose(v -> vertx.eventBus().request(Addresses.MASTER, register, REGISTRATION));
    }

    void onEvent(Message<AgentEvent> message) {
      AgentEvent event = message.body();
      switch (event.getType()) {
        case PING_AGENT -> message.reply(null);
        case RUN_TASK -> {
          launched++;
          AgentEvent.RunTask run = event.getRunTask();
          FrameworkID framework = run.getFramework().getId();
          TaskID task = run.getTask().getTaskId();
          update(framework, task, TaskState.TASK_RUNNING);
          update(framework, task, TaskState.TASK_FINISHED);
        }
        case ACKNOWLEDGE_UPDATE -> acknowledged(event.getAcknowledgeUpdate());
        case KILL_TASK -> update(event.getKillTask().getFrameworkId(), event.getKillTask().getTaskId(),
            TaskState.TASK_KILLED);
        case SHUTDOWN_FRAMEWORK -> pending.keySet().removeIf(
            key -> key.startsWith(event.getShutdownFramework().getFrameworkId().getValue() + "/"));
        default -> { }
      }
    }

    void update(FrameworkID framework, TaskID task, TaskState state) {
      StatusUpdate update = StatusUpdate.newBuilder()
          .setFrameworkId(framework)
          .setExecutorId(ExecutorID.newBuilder().setValue(task.getValue()))
          .setAgentId(AgentID.newBuilder().setValue(id))
          .setStatus(TaskStatus.newBuilder()
              .setTaskId(task)
              .setState(state)
              .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
              .setAgentId(AgentID.newBuilder().setValue(id))
              .setExecutorId(ExecutorID.newBuilder().setValue(task.getValue()))
              .setUuid(uuid())
              .setTimestamp(System.currentTimeMillis() / 1000.0))
          .build();
      Deque<StatusUpdate> updates = pending.computeIfAbsent(key(framework, task), k -> new ArrayDeque<>());
      updates.addLast(update);
      if (updates.size() == 1) {
        // Sent in a later turn, as a real agent does: updates queued meanwhile ride along as the latest state.
        vertx.runOnContext(v -> sendHead(updates));
      }
    }

    void acknowledged(AgentEvent.AcknowledgeUpdate ack) {
      String key = key(ack.getFrameworkId(), ack.getTaskId());
      Deque<StatusUpdate> updates = pending.get(key);
      if (updates == null || updates.isEmpty() || !updates.peekFirst().getStatus().getUuid().equals(ack.getUuid())) {
        return;
      }
      updates.removeFirst();
      if (updates.isEmpty()) {
        pending.remove(key);
      } else {
        sendHead(updates);
      }
    }

    void sendHead(Deque<StatusUpdate> updates) {
      if (updates.isEmpty()) {
        return;
      }
      StatusUpdate head = updates.peekFirst().toBuilder().setLatestState(updates.peekLast().getStatus().getState()).build();
      vertx.eventBus().send(Addresses.MASTER, AgentCall.newBuilder()
          .setType(AgentCall.Type.UPDATE_STATUS)
          .setAgentId(AgentID.newBuilder().setValue(id))
          .setUpdateStatus(head)
          .build());
    }
  }

  private static String key(FrameworkID framework, TaskID task) {
    return framework.getValue() + "/" + task.getValue();
  }

  private static ByteString uuid() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
  }
}
