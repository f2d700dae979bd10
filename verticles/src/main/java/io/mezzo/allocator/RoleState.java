package io.mezzo.allocator;

import java.util.Map;

/** A role with at least one framework, and the DRF order of those frameworks. */
final class RoleState {
  final String name;
  final DrfSorter<FrameworkState> frameworks;
  /** How many of its frameworks bring their own minimums; while none do, offers below the allocator's are skipped at once. */
  int ownMinimums;

  RoleState(String name, Map<String, Long> totals) {
    this.name = name;
    this.frameworks = new DrfSorter<>(totals, framework -> framework.index);
  }
}
