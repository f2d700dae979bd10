package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Offer;
import io.mezzo.v1.Task;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.AgentEvent;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.mezzo.v1.scheduler.Event;
import java.time.Duration;
import java.util.List;

/**
 * Plays the cluster around a {@link MasterCore}, as Nomad's scheduler harness does: agents
 * register and report, schedulers subscribe on streams and make calls, the allocator's
 * decisions arrive, and time passes on the {@link RecordingPort}'s clock. Tests look at what
 * the master sent and at what its operator API shows.
 */
final class Harness {
  final RecordingPort port = new RecordingPort();
  final MasterCore master;
  private int streams;
  private int uuids;

  Harness() {
    this(Fixtures.config());
  }

  Harness(CoreConfig config) {
    master = new MasterCore(config, Fixtures.MASTER, port, MasterRecorder.NONE);
  }

  /** Starts the master's timers, as the verticle does once it serves. */
  Harness start() {
    master.start();
    return this;
  }

  /** Carries out {@code call} from stream {@code streamId} (null for none); returns the reply. */
  Object call(Object call, String streamId) {
    return master.handle(call, streamId);
  }

  Object call(Object call) {
    return call(call, null);
  }

  /** Asserts that the master refuses {@code call} with {@code failure}; returns the refusal. */
  Refusal refused(Failure failure, Object call, String streamId) {
    Refusal refusal = assertThrows(Refusal.class, () -> master.handle(call, streamId), () -> "accepted " + call);
    assertEquals(failure, refusal.failure(), refusal::getMessage);
    return refusal;
  }

  // ---- agents

  /** Registers agent {@code agentId} with {@link Fixtures#AGENT_RESOURCES}. */
  Harness agent(String agentId) {
    AgentEvent registered = (AgentEvent) call(Fixtures.registerAgent(agentId));
    assertEquals(AgentEvent.Type.AGENT_REGISTERED, registered.getType());
    return this;
  }

  /** From now on agent {@code agentId} does not answer pings ({@code false}: it does again). */
  void silenceAgent(String agentId, boolean silenced) {
    port.silence(Addresses.agent(agentId), silenced);
  }

  /** Reports a task state change from its agent, with a uuid never used before; returns the update. */
  TaskStatus update(String agentId, String frameworkId, String taskId, TaskState state) {
    var call = Fixtures.statusUpdate(agentId, frameworkId, taskId, state, ++uuids);
    call(call);
    return call.getUpdateStatus().getStatus();
  }

  /** What agent {@code agentId} was sent. */
  List<AgentEvent> toAgent(String agentId) {
    return port.sentTo(Addresses.agent(agentId), AgentEvent.class);
  }

  // ---- frameworks

  /** A stream ID, new for each subscription, as the scheduler API makes them. */
  String newStream() {
    return "stream-" + ++streams;
  }

  /** Subscribes {@code info} through stream {@code streamId}; returns the framework's ID. */
  String subscribe(FrameworkInfo info, String streamId) {
    Event subscribed = (Event) call(Fixtures.subscribe(info), streamId);
    assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
    return subscribed.getSubscribed().getFrameworkId().getValue();
  }

  /** What stream {@code streamId} was sent. */
  List<Event> toStream(String streamId) {
    return port.sentTo(Addresses.scheduler(streamId), Event.class);
  }

  /** The updates of task {@code taskId} that stream {@code streamId} was sent, oldest first. */
  List<TaskStatus> updates(String streamId, String taskId) {
    return toStream(streamId).stream()
        .filter(event -> event.getType() == Event.Type.UPDATE)
        .map(event -> event.getUpdate().getStatus())
        .filter(status -> status.getTaskId().getValue().equals(taskId))
        .toList();
  }

  /** The latest update of task {@code taskId} sent to stream {@code streamId}. */
  TaskStatus lastUpdate(String streamId, String taskId) {
    List<TaskStatus> updates = updates(streamId, taskId);
    assertTrue(!updates.isEmpty(), "no update of " + taskId + " on " + streamId);
    return updates.get(updates.size() - 1);
  }

  // ---- the allocator

  /** The allocator offers {@code resources} of {@code agentId} to the framework; returns the offer it got. */
  Offer offer(String frameworkId, String agentId, String resources, String streamId) {
    master.offer(Fixtures.allocation(frameworkId, agentId, resources));
    List<Event> events = toStream(streamId);
    Event last = events.get(events.size() - 1);
    assertEquals(Event.Type.OFFERS, last.getType(), () -> "no offer on " + streamId + ": " + events);
    return last.getOffers().getOffers(0);
  }

  /** Launches {@code tasks} on {@code offer} and has its agent report each RUNNING. */
  void launch(String frameworkId, String streamId, Offer offer, TaskInfo... tasks) {
    call(Fixtures.accept(frameworkId, List.of(offer.getId().getValue()), List.of(tasks), 0), streamId);
    for (TaskInfo task : tasks) {
      update(offer.getAgentId().getValue(), frameworkId, task.getTaskId().getValue(), TaskState.TASK_RUNNING);
    }
  }

  /** What the allocator was sent. */
  List<AllocatorCall> toAllocator() {
    return port.sentTo(Addresses.ALLOCATOR, AllocatorCall.class);
  }

  // ---- what operators see

  /** The master's state, as the operator API's GET_STATE shows it. */
  Response.GetState state() {
    return ((Response) call(Call.newBuilder().setType(Call.Type.GET_STATE).build())).getGetState();
  }

  /** The master's task {@code taskId}, active, unreachable or completed; null when it has none. */
  Task task(String taskId) {
    Response.GetTasks tasks = state().getGetTasks();
    for (List<Task> list : List.of(tasks.getTasksList(), tasks.getUnreachableTasksList(), tasks.getCompletedTasksList())) {
      for (Task task : list) {
        if (task.getTaskId().getValue().equals(taskId)) {
          return task;
        }
      }
    }
    return null;
  }

  /** The operator's view of agent {@code agentId}. */
  Response.GetAgents.Agent agentView(String agentId) {
    return state().getGetAgents().getAgentsList().stream()
        .filter(agent -> agent.getAgentInfo().getId().getValue().equals(agentId))
        .findFirst()
        .orElseThrow();
  }

  /** Moves the clock by {@code duration}, firing the master's timers on the way. */
  void advance(Duration duration) {
    port.advance(duration);
  }

  /** A task of {@code resources} for {@code offer}'s agent, running {@code sleep 600}. */
  static TaskInfo task(String taskId, Offer offer, String resources) {
    return Fixtures.taskInfo(taskId, offer.getAgentId().getValue(), resources)
        .setCommand(CommandInfo.newBuilder().setValue("sleep 600"))
        .build();
  }
}
