package io.mezzo.master.core;

import io.mezzo.model.Resources;
import io.mezzo.v1.Offer;

/** An outstanding offer: resources of one agent held for one framework until used or declined. */
record OfferEntry(Offer offer, Resources resources) {
  String id() {
    return offer.getId().getValue();
  }

  String frameworkId() {
    return offer.getFrameworkId().getValue();
  }

  String agentId() {
    return offer.getAgentId().getValue();
  }
}
