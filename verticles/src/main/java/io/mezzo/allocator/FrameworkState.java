package io.mezzo.allocator;

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
