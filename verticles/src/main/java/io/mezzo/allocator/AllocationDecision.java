package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.Objects;

/**
 * Resources of one agent that an allocation cycle gave to one framework; the master turns
 * each into an offer.
 *
 * @param frameworkId the framework the resources now belong to
 * @param agentId the agent they are on
 * @param resources what was allocated, never empty
 */
public record AllocationDecision(String frameworkId, String agentId, Resources resources) {
  /** Checks that no component is null. */
  public AllocationDecision {
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(resources, "resources");
  }
}
