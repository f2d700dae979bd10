package io.mezzo.master.core;

import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.ExecutorValidator;
import io.mezzo.master.validation.TaskValidator;
import io.mezzo.model.Resources;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.scheduler.Call;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ACCEPT and DECLINE of validated calls. Every check that can refuse the whole call runs
 * before anything changes; after that, each invalid task gets TASK_ERROR, valid ones launch,
 * and whatever the offers held that no task uses goes back to the pool at once.
 */
final class OfferCalls {
  private final MasterContext context;
  private final Offers offers;
  private final Tasks tasks;
  private final Executors executors;

  OfferCalls(MasterContext context, Offers offers, Tasks tasks, Executors executors) {
    this.context = context;
    this.offers = offers;
    this.tasks = tasks;
    this.executors = executors;
  }

  /** What one ACCEPT has left to give as its operations run, and the task IDs it used. */
  private static final class Launching {
    final FrameworkEntry framework;
    final AgentEntry agent;
    final Predicate<String> idInUse;
    final Set<String> idsInCall = new HashSet<>();
    Resources available;

    Launching(FrameworkEntry framework, AgentEntry agent, Resources available) {
      this.framework = framework;
      this.agent = agent;
      this.available = available;
      // Looked up, not copied: a copy per ACCEPT made a launch cost O(tasks the framework runs).
      this.idInUse = id -> framework.tasks.containsKey(id) || framework.unreachableTasks.containsKey(id);
    }
  }

  void accept(FrameworkEntry framework, Call.Accept accept) {
    List<OfferEntry> used = outstandingOffers(framework, accept.getOfferIdsList());
    String agentId = used.get(0).agentId();
    for (OfferEntry offer : used) {
      if (!offer.agentId().equals(agentId)) {
        throw Refusal.badRequest("Offers of one ACCEPT must all be for one agent; "
            + offer.id() + " is for " + offer.agentId() + ", " + used.get(0).id() + " for " + agentId);
      }
    }
    Filters filters = accept.getFilters();
    AgentEntry agent = context.state.agent(agentId);

    Resources available = Resources.empty();
    for (OfferEntry offer : used) {
      context.state.removeOffer(offer.id());
      context.recorder.offerAccepted();
      available = available.plus(offer.resources());
    }
    Launching launching = new Launching(framework, agent, available);
    for (Offer.Operation operation : accept.getOperationsList()) {
      if (operation.getType() == Offer.Operation.Type.LAUNCH_GROUP) {
        launchGroup(launching, operation.getLaunchGroup());
      } else {
        for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
          launch(launching, task);
        }
      }
    }
    available = launching.available;
    offers.recover(used.get(0), available, filters);
  }

  /**
   * One task of a LAUNCH: with a custom executor that does not run on the agent yet, the
   * executor's resources come out of the offers too.
   */
  private void launch(Launching launching, TaskInfo task) {
    String agentId = launching.agent.id;
    Resources forExecutor = Resources.empty();
    ExecutorInfo executor = null;
    if (task.hasExecutor()) {
      executor = withFramework(task.getExecutor(), launching.framework);
      String problem = executorProblem(launching, executor, false);
      if (problem != null) {
        tasks.refuse(launching.framework, task, agentId, problem);
        return;
      }
      if (executors.running(agentId, launching.framework.id, executor.getExecutorId().getValue()) == null) {
        forExecutor = Resources.fromProto(executor.getResourcesList());
      } else {
        executor = null; // Runs already: its resources are accounted.
      }
    }
    TaskValidator.Checked checked = TaskValidator.check(task, agentId, launching.idInUse, launching.idsInCall,
        launching.available.minus(forExecutor));
    if (!checked.valid()) {
      tasks.refuse(launching.framework, task, agentId, checked.problem());
      return;
    }
    launching.available = launching.available.minus(forExecutor).minus(checked.resources());
    launching.idsInCall.add(task.getTaskId().getValue());
    if (executor != null) {
      executors.launched(agentId, executor, forExecutor);
    }
    tasks.launch(launching.framework, launching.agent,
        task.hasExecutor() ? task.toBuilder().setExecutor(withFramework(task.getExecutor(), launching.framework)).build()
            : task,
        checked.resources());
  }

  /**
   * A LAUNCH_GROUP: valid as a whole or not at all (each task then gets TASK_ERROR with
   * REASON_TASK_GROUP_INVALID); the default executor's resources come out of the offers
   * when it does not run on the agent yet.
   */
  private void launchGroup(Launching launching, Offer.Operation.LaunchGroup operation) {
    String agentId = launching.agent.id;
    ExecutorInfo executor = withFramework(operation.getExecutor(), launching.framework);
    TaskGroupInfo group = operation.getTaskGroup();
    String problem = executorProblem(launching, executor, true);
    boolean running = executors.running(agentId, launching.framework.id, executor.getExecutorId().getValue()) != null;
    Resources forExecutor = problem != null || running ? Resources.empty() : Resources.fromProto(executor.getResourcesList());
    TaskValidator.Checked checked = null;
    if (problem == null) {
      checked = ExecutorValidator.checkGroup(group, agentId, launching.idInUse, launching.idsInCall,
          launching.available.minus(forExecutor));
      problem = checked.problem();
    }
    if (problem != null) {
      for (TaskInfo task : group.getTasksList()) {
        tasks.refuse(launching.framework, task, agentId, "Task group is invalid: " + problem,
            TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
      }
      return;
    }
    List<Resources> perTask = new ArrayList<>();
    for (TaskInfo task : group.getTasksList()) {
      perTask.add(Resources.fromProto(task.getResourcesList()));
      launching.idsInCall.add(task.getTaskId().getValue());
    }
    launching.available = launching.available.minus(forExecutor).minus(checked.resources());
    if (!running) {
      executors.launched(agentId, executor, forExecutor);
    }
    tasks.launchGroup(launching.framework, launching.agent, executor, group, perTask);
  }

  /**
   * Why {@code executor} cannot launch here, or null: it is invalid, it differs from the
   * running executor of the same ID, or its resources are not in the offers.
   */
  private String executorProblem(Launching launching, ExecutorInfo executor, boolean forGroup) {
    TaskValidator.Checked checked = ExecutorValidator.check(executor, launching.framework.id, forGroup);
    if (!checked.valid()) {
      return checked.problem();
    }
    ExecutorEntry running = executors.running(launching.agent.id, launching.framework.id,
        executor.getExecutorId().getValue());
    if (running != null) {
      return running.info.equals(executor) ? null
          : "Executor " + executor.getExecutorId().getValue() + " runs on agent " + launching.agent.id
              + " with a different ExecutorInfo";
    }
    if (!launching.available.contains(checked.resources())) {
      return "Executor uses more resources " + checked.resources() + " than available " + launching.available;
    }
    return null;
  }

  private static ExecutorInfo withFramework(ExecutorInfo executor, FrameworkEntry framework) {
    return executor.toBuilder().setFrameworkId(framework.info.getId()).build();
  }

  void decline(FrameworkEntry framework, Call.Decline decline) {
    List<OfferEntry> declined = outstandingOffers(framework, decline.getOfferIdsList());
    Filters filters = decline.getFilters();
    for (OfferEntry offer : declined) {
      context.state.removeOffer(offer.id());
      context.recorder.offerDeclined();
      offers.recover(offer, offer.resources(), filters);
    }
  }

  /** The named offers, each outstanding and the framework's; refuses the call otherwise. */
  private List<OfferEntry> outstandingOffers(FrameworkEntry framework, List<OfferID> ids) {
    List<OfferEntry> found = new ArrayList<>();
    for (OfferID id : ids) {
      OfferEntry offer = context.state.offer(id.getValue());
      if (offer == null) {
        throw Refusal.notFound("Offer " + id.getValue()
            + " is not outstanding: unknown, already used or declined, or rescinded");
      }
      if (!offer.frameworkId().equals(framework.id)) {
        throw Refusal.notFound("Offer " + id.getValue() + " was not made to framework " + framework.id);
      }
      found.add(offer);
    }
    return found;
  }
}
