package io.mezzo.master.core;

import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.TaskValidator;
import io.mezzo.model.Resources;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskInfo;
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

  OfferCalls(MasterContext context, Offers offers, Tasks tasks) {
    this.context = context;
    this.offers = offers;
    this.tasks = tasks;
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
    // Looked up, not copied: a copy per ACCEPT made a launch cost O(tasks the framework runs).
    Predicate<String> idInUse = id -> framework.tasks.containsKey(id) || framework.unreachableTasks.containsKey(id);
    Set<String> idsInCall = new HashSet<>();
    for (Offer.Operation operation : accept.getOperationsList()) {
      for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
        TaskValidator.Checked checked = TaskValidator.check(task, agentId, idInUse, idsInCall, available);
        if (checked.valid()) {
          available = available.minus(checked.resources());
          idsInCall.add(task.getTaskId().getValue());
          tasks.launch(framework, agent, task, checked.resources());
        } else {
          tasks.refuse(framework, task, agentId, checked.problem());
        }
      }
    }
    offers.recover(used.get(0), available, filters);
  }

  void decline(FrameworkEntry framework, Call.Decline decline) {
    Filters filters = decline.getFilters();
    for (OfferID id : decline.getOfferIdsList()) {
      OfferEntry offer = context.state.offer(id.getValue());
      if (offer == null || !offer.frameworkId().equals(framework.id)) {
        // As Mesos does: an offer rescinded or used meanwhile is nothing to decline any more.
        continue;
      }
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
