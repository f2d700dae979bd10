package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The allocation algorithm written as plainly as possible: every share recomputed, every
 * filter compared, nothing cached. {@link Allocator} must make exactly the same decisions;
 * a difference means one of its caches lied.
 */
final class ReferenceAllocator {
  private record Filter(Resources refused, long expiresAt) {}

  private final LongSupplier clock;
  private final Random random;
  private final List<Resources> minimums;
  private final Map<String, Double> weights = new HashMap<>();
  private final List<String> agentOrder = new ArrayList<>();
  private final Map<String, Resources> totals = new HashMap<>();
  private final Map<String, Resources> available = new HashMap<>();
  private final Map<String, Map<String, Resources>> held = new HashMap<>();
  private final Map<String, String> roleOf = new HashMap<>();
  private final Set<String> inactive = new HashSet<>();
  private final Set<String> suppressed = new HashSet<>();
  private final Map<String, Long> frameworkGrants = new HashMap<>();
  private final Map<String, Long> roleGrants = new HashMap<>();
  private final Map<String, List<Filter>> filters = new HashMap<>();

  ReferenceAllocator(AllocatorConfig config, LongSupplier clock, long seed) {
    this.clock = clock;
    this.random = new Random(seed);
    this.minimums = config.minAllocatable();
    weights.putAll(config.roleWeights());
  }

  void addFramework(String id, String role, boolean suppress) {
    if (!roleOf.containsValue(role)) {
      roleGrants.put(role, 0L);
    }
    roleOf.put(id, role);
    frameworkGrants.put(id, 0L);
    if (suppress) {
      suppressed.add(id);
    }
  }

  void removeFramework(String id) {
    for (String agent : agentOrder) {
      Resources back = held.get(agent).remove(id);
      if (back != null) {
        available.put(agent, available.get(agent).plus(back));
      }
      filters.remove(id + "@" + agent);
    }
    String role = roleOf.remove(id);
    inactive.remove(id);
    suppressed.remove(id);
    frameworkGrants.remove(id);
    if (role != null && !roleOf.containsValue(role)) {
      roleGrants.remove(role);
    }
  }

  void setActive(String id, boolean active) {
    if (roleOf.containsKey(id)) {
      if (active) {
        inactive.remove(id);
      } else {
        inactive.add(id);
      }
    }
  }

  void suppress(String id) {
    if (roleOf.containsKey(id)) {
      suppressed.add(id);
    }
  }

  void revive(String id) {
    if (roleOf.containsKey(id)) {
      suppressed.remove(id);
      agentOrder.forEach(agent -> filters.remove(id + "@" + agent));
    }
  }

  void addAgent(String id, Resources total, Map<String, Resources> used) {
    agentOrder.add(id);
    totals.put(id, total);
    Map<String, Resources> holdings = new HashMap<>();
    Resources free = total;
    for (Map.Entry<String, Resources> entry : used.entrySet()) {
      if (!entry.getValue().isEmpty()) {
        holdings.put(entry.getKey(), entry.getValue());
        free = free.minus(entry.getValue());
      }
    }
    held.put(id, holdings);
    available.put(id, free);
  }

  void removeAgent(String id) {
    if (agentOrder.remove(id)) {
      totals.remove(id);
      available.remove(id);
      held.remove(id);
      roleOf.keySet().forEach(framework -> filters.remove(framework + "@" + id));
    }
  }

  void recover(String framework, String agent, Resources resources, double refuseSeconds) {
    if (!totals.containsKey(agent)) {
      return;
    }
    Resources holding = held.get(agent).get(framework);
    if (holding != null) {
      Resources back =
          holding.contains(resources) ? resources : holding.intersection(resources);
      Resources left = holding.minus(back);
      if (left.isEmpty()) {
        held.get(agent).remove(framework);
      } else {
        held.get(agent).put(framework, left);
      }
      available.put(agent, available.get(agent).plus(back));
    }
    long nanos = (long) (Math.min(refuseSeconds, Allocator.MAX_REFUSE_SECONDS) * 1e9);
    if (roleOf.containsKey(framework) && nanos > 0 && !resources.isEmpty()) {
      long now = clock.getAsLong();
      List<Filter> list = new ArrayList<>();
      list.add(new Filter(resources, now + nanos));
      for (Filter old : filters.getOrDefault(framework + "@" + agent, List.of())) {
        boolean expired = now - old.expiresAt() >= 0;
        boolean redundant = resources.contains(old.refused()) && now + nanos - old.expiresAt() >= 0;
        if (!expired && !redundant && list.size() < OfferFilters.MAX_PER_FRAMEWORK) {
          list.add(old);
        }
      }
      filters.put(framework + "@" + agent, list);
    }
  }

  void updateWeight(String role, double weight) {
    weights.put(role, weight);
  }

  List<AllocationDecision> allocate() {
    long now = clock.getAsLong();
    List<AllocationDecision> decisions = new ArrayList<>();
    Collections.shuffle(agentOrder, random);
    for (String agent : agentOrder) {
      List<String> roles = new ArrayList<>(new HashSet<>(roleOf.values()));
      roles.removeIf(role -> roleOf.keySet().stream().noneMatch(f -> eligible(f, role)));
      roles.sort(Comparator.comparingDouble(this::roleShare)
          .thenComparingLong(roleGrants::get)
          .thenComparing(Comparator.naturalOrder()));
      for (String role : roles) {
        Resources offer = available.get(agent).allocatableTo(role);
        if (offer.isEmpty() || !meetsMinimum(offer)) {
          continue;
        }
        List<String> frameworks = new ArrayList<>(roleOf.keySet());
        frameworks.removeIf(f -> !eligible(f, role) || filtered(f, agent, offer, now));
        frameworks.sort(Comparator.comparingDouble((String f) -> share(Set.of(f)))
            .thenComparingLong(frameworkGrants::get)
            .thenComparing(Comparator.naturalOrder()));
        if (!frameworks.isEmpty()) {
          String framework = frameworks.get(0);
          available.put(agent, available.get(agent).minus(offer));
          held.get(agent).merge(framework, offer, Resources::plus);
          frameworkGrants.merge(framework, 1L, Long::sum);
          roleGrants.merge(role, 1L, Long::sum);
          decisions.add(new AllocationDecision(framework, agent, offer));
        }
      }
    }
    return decisions;
  }

  Resources available(String agent) {
    return available.get(agent);
  }

  private boolean eligible(String framework, String role) {
    return role.equals(roleOf.get(framework))
        && !inactive.contains(framework)
        && !suppressed.contains(framework);
  }

  private boolean filtered(String framework, String agent, Resources offer, long now) {
    for (Filter filter : filters.getOrDefault(framework + "@" + agent, List.of())) {
      if (now - filter.expiresAt() < 0 && filter.refused().contains(offer)) {
        return true;
      }
    }
    return false;
  }

  private double roleShare(String role) {
    Set<String> members = new HashSet<>();
    roleOf.forEach((framework, r) -> {
      if (r.equals(role)) {
        members.add(framework);
      }
    });
    return share(members) / weights.getOrDefault(role, AllocatorConfig.DEFAULT_WEIGHT);
  }

  private double share(Set<String> frameworks) {
    Map<String, Long> pool = new HashMap<>();
    totals.values().forEach(t -> t.scalarQuantities().forEach((k, v) -> pool.merge(k, v, Long::sum)));
    Map<String, Long> mine = new HashMap<>();
    held.values().forEach(byFramework -> byFramework.forEach((framework, resources) -> {
      if (frameworks.contains(framework)) {
        resources.scalarQuantities().forEach((k, v) -> mine.merge(k, v, Long::sum));
      }
    }));
    double dominant = 0;
    for (Map.Entry<String, Long> entry : mine.entrySet()) {
      Long total = pool.get(entry.getKey());
      if (total != null && total > 0) {
        dominant = Math.max(dominant, (double) entry.getValue() / total);
      }
    }
    return dominant;
  }

  private boolean meetsMinimum(Resources offer) {
    Map<String, Long> quantities = offer.scalarQuantities();
    return minimums.isEmpty()
        || minimums.stream().anyMatch(min -> min.scalarQuantities().entrySet().stream()
            .allMatch(need -> quantities.getOrDefault(need.getKey(), 0L) >= need.getValue()));
  }
}
