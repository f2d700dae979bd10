package io.mezzo.master.core;

import io.mezzo.model.InvalidResourcesException;
import io.mezzo.model.Resources;
import io.mezzo.v1.Filters;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.internal.Allocation;
import io.mezzo.v1.internal.Allocations;
import io.mezzo.v1.scheduler.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the allocator's decisions into offers, and takes offers back. */
final class Offers {
  private static final Logger LOG = LoggerFactory.getLogger(Offers.class);

  private final MasterContext context;
  private final AllocatorClient allocator;

  Offers(MasterContext context, AllocatorClient allocator) {
    this.context = context;
    this.allocator = allocator;
  }

  /**
   * Makes one offer per allocation and sends each framework its offers in one event.
   * Allocations that raced a change (the framework disconnected, the agent went away) go
   * straight back to the allocator.
   */
  void offer(Allocations allocations) {
    MasterState state = context.state;
    Map<FrameworkEntry, List<Offer>> byFramework = new LinkedHashMap<>();
    for (Allocation allocation : allocations.getAllocationsList()) {
      String frameworkId = allocation.getFrameworkId().getValue();
      String agentId = allocation.getAgentId().getValue();
      Resources resources;
      try {
        resources = Resources.fromProto(allocation.getResourcesList());
      } catch (InvalidResourcesException e) {
        LOG.error("allocator produced invalid resources for {} on {}: {}", frameworkId, agentId, e.getMessage());
        continue;
      }
      FrameworkEntry framework = state.framework(frameworkId);
      AgentEntry agent = state.agent(agentId);
      if (framework == null || !framework.connected() || agent == null || !agent.reachable) {
        allocator.recover(frameworkId, agentId, resources, null);
        continue;
      }
      Offer offer =
          Offer.newBuilder()
              .setId(OfferID.newBuilder().setValue(context.nextOfferId()))
              .setFrameworkId(allocation.getFrameworkId())
              .setAgentId(allocation.getAgentId())
              .setHostname(agent.info.getHostname())
              .addAllResources(resources.toProto())
              .addAllAttributes(agent.info.getAttributesList())
              .build();
      state.addOffer(new OfferEntry(offer, resources));
      byFramework.computeIfAbsent(framework, f -> new ArrayList<>()).add(offer);
    }
    byFramework.forEach((framework, offers) -> {
      context.recorder.offersSent(offers.size());
      context.toFramework(
          framework,
          Event.newBuilder()
              .setType(Event.Type.OFFERS)
              .setOffers(Event.Offers.newBuilder().addAllOffers(offers))
              .build());
    });
  }

  /** Gives a declined or partly used offer's resources back, refused per {@code filters}. */
  void recover(OfferEntry offer, Resources unused, Filters filters) {
    allocator.recover(offer.frameworkId(), offer.agentId(), unused, filters);
  }

  /**
   * Withdraws an offer: the framework is told (when {@code tell}) and the resources return
   * to the pool (when {@code recover}; not when the allocator forgets the agent or the
   * framework anyway).
   */
  void rescind(OfferEntry offer, boolean tell, boolean recover) {
    if (context.state.removeOffer(offer.id()) == null) {
      return;
    }
    context.recorder.offerRescinded();
    FrameworkEntry framework = context.state.framework(offer.frameworkId());
    if (tell && framework != null) {
      context.toFramework(
          framework,
          Event.newBuilder()
              .setType(Event.Type.RESCIND)
              .setRescind(Event.Rescind.newBuilder().setOfferId(offer.offer().getId()))
              .build());
    }
    if (recover) {
      allocator.recover(offer.frameworkId(), offer.agentId(), offer.resources(), null);
    }
  }

  /** Withdraws every offer of {@code offers} (a copy is taken; the source may be a live map). */
  void rescindAll(Iterable<OfferEntry> offers, boolean tell, boolean recover) {
    List<OfferEntry> copy = new ArrayList<>();
    offers.forEach(copy::add);
    copy.forEach(offer -> rescind(offer, tell, recover));
  }
}
