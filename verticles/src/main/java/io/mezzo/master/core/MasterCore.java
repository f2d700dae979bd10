package io.mezzo.master.core;

import io.mezzo.bus.Refusal;
import io.mezzo.metrics.MasterFigures;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.v1.MasterInfo;
import io.mezzo.v1.Task;
import io.mezzo.v1.internal.AgentCall;
import io.mezzo.v1.internal.AgentRecord;
import io.mezzo.v1.internal.Allocations;
import io.mezzo.v1.internal.FrameworkRecord;
import io.mezzo.v1.scheduler.Call;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The master's logic for one leadership term. The shell's verticle hands it every call and
 * every allocation; it answers, and reaches the world only through its {@link MasterPort}.
 * It wires the master's parts together and runs their timers. One thread runs it: the
 * verticle's event loop, or a test's.
 *
 * <p>Two generated classes are called {@code Call}: the scheduler's is imported here, the
 * operator's ({@code io.mezzo.v1.master.Call}) is named in full.
 */
public final class MasterCore {
  private final MasterContext context;
  private final Offers offers;
  private final Frameworks frameworks;
  private final Agents agents;
  private final SchedulerApi schedulerApi;
  private final AgentApi agentApi;
  private final OperatorApi operatorApi;
  private final Observers observers;
  private long pingTimer = -1;
  private long heartbeatTimer = -1;

  /**
   * @param masterInfo who this master is, as frameworks and agents are told
   * @param recorder hears what the master does, for its metrics
   */
  public MasterCore(CoreConfig config, MasterInfo masterInfo, MasterPort port, MasterRecorder recorder) {
    context = new MasterContext(Objects.requireNonNull(config, "config"), Objects.requireNonNull(masterInfo, "masterInfo"),
        Objects.requireNonNull(port, "port"), Objects.requireNonNull(recorder, "recorder"));
    StateViews views = new StateViews(context);
    observers = new Observers(context, views);
    AllocatorClient allocator = new AllocatorClient(port);
    offers = new Offers(context, allocator);
    Executors executors = new Executors(context, allocator, observers);
    Tasks tasks = new Tasks(context, allocator, observers, executors);
    frameworks = new Frameworks(context, allocator, offers, tasks, observers);
    agents = new Agents(context, allocator, offers, tasks, frameworks, observers, executors);
    schedulerApi =
        new SchedulerApi(context, frameworks, new OfferCalls(context, offers, tasks, executors), tasks, executors);
    agentApi = new AgentApi(context, agents, tasks, executors);
    operatorApi = new OperatorApi(context, views, tasks, frameworks, observers);
  }

  /**
   * Takes over the replicated state the leaders before left: agents and frameworks by ID,
   * and tasks. Called once, before {@link #start} and before a listener is set.
   */
  public void recover(Map<String, AgentRecord> agentRecords, Map<String, FrameworkRecord> frameworkRecords,
      Collection<Task> taskRecords) {
    Recovery.apply(agentRecords, frameworkRecords, taskRecords, context, frameworks, agents);
  }

  /** From now on every lasting change is told to {@code listener} (which keeps the replicated state). */
  public void setListener(MasterState.Listener listener) {
    context.state.setListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Starts pinging agents and heartbeating schedulers, and pings every agent at once: the
   * agents of the replicated state learn of the new leader from that ping.
   */
  public void start() {
    pingTimer = context.port.setPeriodic(context.config.agentPingInterval().toMillis(), agents::ping);
    heartbeatTimer = context.port.setPeriodic(context.config.heartbeatInterval().toMillis(), () -> {
      frameworks.heartbeat();
      observers.heartbeat();
    });
    agents.ping();
  }

  /** Cancels every timer, when the term ends. */
  public void stop() {
    context.port.cancelTimer(pingTimer);
    context.port.cancelTimer(heartbeatTimer);
    frameworks.stop();
    agents.stop();
  }

  /**
   * Carries out a call that reached {@code mezzo.master}: a scheduler's or an operator's
   * (through stream {@code streamId}, null when none was named), or an agent's.
   *
   * @return the reply body, null when there is nothing to say
   * @throws Refusal when the call is refused; nothing changed
   */
  public Object handle(Object body, String streamId) {
    if (body instanceof Call call) {
      return schedulerApi.handle(call, streamId);
    }
    if (body instanceof AgentCall call) {
      return agentApi.handle(call);
    }
    if (body instanceof io.mezzo.v1.master.Call call) {
      return operatorApi.handle(call, streamId);
    }
    throw Refusal.badRequest("mezzo.master takes scheduler, agent and operator calls, not "
        + (body == null ? "an empty message" : body.getClass().getSimpleName()));
  }

  /** Turns the allocator's decisions into offers. */
  public void offer(Allocations allocations) {
    offers.offer(allocations);
  }

  /** The master's state in numbers, for its gauges. */
  public MasterFigures figures() {
    return Figures.of(context);
  }

  /** The API a call body belongs to, for the metrics of refused calls. */
  public static MasterRecorder.Api api(Object body) {
    if (body instanceof Call) {
      return MasterRecorder.Api.SCHEDULER;
    }
    if (body instanceof AgentCall) {
      return MasterRecorder.Api.AGENT;
    }
    return body instanceof io.mezzo.v1.master.Call ? MasterRecorder.Api.OPERATOR : MasterRecorder.Api.UNKNOWN;
  }
}
