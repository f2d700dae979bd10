package io.mezzo.master;

import io.mezzo.bus.Refusal;
import io.mezzo.model.Resources;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.scheduler.Call;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ACCEPT and DECLINE. Every check that can refuse the whole call runs before anything
 * changes; after that, each invalid task gets TASK_ERROR, valid ones launch, and whatever
 * the offers held that no task uses goes back to the pool at once.
 */
final class OfferCalls {
  /** Longest refusal honoured, as in Mesos. */
  static final double MAX_REFUSE_SECONDS = 365.0 * 24 * 3600;

  private final MasterContext context;
  private final Offers offers;
  private final Tasks tasks;

  OfferCalls(MasterContext context, Offers offers, Tasks tasks) {
    this.context = context;
    this.offers = offers;
    this.tasks = tasks;
  }

  void accept(FrameworkEntry framework, Call.Accept accept) {
    List<OfferEntry> used = outstandingOffers(framework, accept.getOfferIdsList(), true);
    String agentId = used.get(0).agentId();
    for (OfferEntry offer : used) {
      if (!offer.agentId().equals(agentId)) {
        throw Refusal.badRequest("Offers of one ACCEPT must all be for one agent; "
            + offer.id() + " is for " + offer.agentId() + ", " + used.get(0).id() + " for " + agentId);
      }
    }
    for (Offer.Operation operation : accept.getOperationsList()) {
      if (operation.getType() != Offer.Operation.Type.LAUNCH || !operation.hasLaunch()) {
        throw Refusal.badRequest("Unsupported offer operation " + operation.getType()
            + ": Mezzo supports LAUNCH (with its launch field) only");
      }
    }
    Filters filters = checkFilters(accept.getFilters());
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
    List<OfferEntry> declined = outstandingOffers(framework, decline.getOfferIdsList(), false);
    Filters filters = checkFilters(decline.getFilters());
    for (OfferEntry offer : declined) {
      context.state.removeOffer(offer.id());
      context.recorder.offerDeclined();
      offers.recover(offer, offer.resources(), filters);
    }
  }

  /** The named offers, each outstanding and the framework's; refuses the call otherwise. */
  private List<OfferEntry> outstandingOffers(FrameworkEntry framework, List<OfferID> ids, boolean required) {
    if (required && ids.isEmpty()) {
      throw Refusal.badRequest("The call names no offers");
    }
    Set<String> seen = new LinkedHashSet<>();
    List<OfferEntry> found = new ArrayList<>();
    for (OfferID id : ids) {
      if (!seen.add(id.getValue())) {
        throw Refusal.badRequest("Offer " + id.getValue() + " is named twice");
      }
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

  private static Filters checkFilters(Filters filters) {
    double seconds = filters.getRefuseSeconds();
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw Refusal.badRequest("filters.refuse_seconds must be a non-negative number, not " + seconds);
    }
    return seconds > MAX_REFUSE_SECONDS ? filters.toBuilder().setRefuseSeconds(MAX_REFUSE_SECONDS).build() : filters;
  }
}
