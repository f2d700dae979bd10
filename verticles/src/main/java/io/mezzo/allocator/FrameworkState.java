package io.mezzo.allocator;

import java.util.List;
import java.util.Map;

/** What the allocator knows about one framework besides its allocations. */
final class FrameworkState {
  final String id;
  final String role;
  /**
   * Small dense number (from 1, reused after removal) that keys the framework's offer
   * filters on every agent, so those can be bit sets and primitive arrays.
   */
  final int index;
  boolean active = true;
  boolean suppressed;
  /**
   * The framework's own minimum allocatable alternatives for its role (FrameworkInfo
   * offer_filters), in thousandths by scalar name, which replace the allocator's; empty
   * means no minimum; null means the allocator's apply.
   */
  List<Map<String, Long>> minimums;

  FrameworkState(String id, String role, int index, boolean suppressed) {
    this.id = id;
    this.role = role;
    this.index = index;
    this.suppressed = suppressed;
  }

  /** Whether the framework may be offered anything at all. */
  boolean wantsOffers() {
    return active && !suppressed;
  }
}
