package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Hierarchical DRF allocation, as Apache Mesos's hierarchical allocator does it: each cycle
 * visits the agents in random order; on each agent it walks the roles by weighted dominant
 * share and, inside a role, the frameworks by dominant share, and gives the first framework
 * that wants offers and has not filtered them everything on the agent allocatable to its
 * role, then goes on with the next role for what is left (resources reserved for others).
 * An offer must contain one of the configured minimum alternatives, or, for a framework that
 * brought its own (Mesos's {@code FrameworkInfo.offer_filters}), one of those instead.
 *
 * <p>Pure logic with an injected clock and random source, not thread-safe: one owner (the
 * allocator verticle) calls it from one thread. Calls naming unknown agents or frameworks
 * are ignored; calls that would break the bookkeeping (duplicate IDs, used resources the
 * agent does not have) throw {@link IllegalArgumentException} and change nothing.
 *
 * <p>A cycle costs O(agents x frameworks) at worst, when every framework has filtered
 * every agent, and then each (agent, framework) pair costs a bit test (see {@link
 * OfferFilters}). An agent on which a full pass found nothing to allocate is skipped until
 * its resources, the set of frameworks that want offers or the earliest filter expiry
 * change. Sorting is incremental (see {@link DrfSorter}), so a grant costs a binary search
 * and an array shift rather than a re-sort.
 */
public final class Allocator {
  /** The longest refusal honoured, as Mesos caps {@code refuse_seconds}. */
  public static final double MAX_REFUSE_SECONDS = 365.0 * 24 * 3600;

  private final LongSupplier clock;
  private final Random random;
  private final List<Map<String, Long>> minimums = new ArrayList<>();
  private final Map<String, Double> weights;
  private final Map<String, AgentState> agents = new HashMap<>();
  private final List<AgentState> agentOrder = new ArrayList<>();
  private final Map<String, FrameworkState> frameworks = new HashMap<>();
  /** Framework -> agent -> resources, including frameworks not added yet (used on add agent). */
  private final Map<String, Map<String, Resources>> held = new HashMap<>();
  private final Map<String, RoleState> roles = new HashMap<>();
  /** The pool, in thousandths by scalar name: what every share is relative to. */
  private final Map<String, Long> totals = new HashMap<>();
  private final DrfSorter<RoleState> roleSorter = new DrfSorter<>(totals);
  private final Predicate<Resources> allocatable = this::meetsMinimum;
  private final ArrayDeque<Integer> freeIndices = new ArrayDeque<>();
  private int nextIndex = 1;
  private long nextVersion = 1;
  // Bumped whenever a framework may newly take offers, which ends every agent's idleness.
  private long epoch;

  /** Creates an allocator with no agents and no frameworks. */
  public Allocator(AllocatorConfig config, LongSupplier nanoClock, Random random) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.random = Objects.requireNonNull(random, "random");
    this.weights = new HashMap<>(config.roleWeights());
    for (Resources minimum : config.minAllocatable()) {
      minimums.add(minimum.scalarQuantities());
    }
  }

  /** Registers an active framework that takes the configured minimums. */
  public void addFramework(String frameworkId, String role, boolean suppressed) {
    addFramework(frameworkId, role, suppressed, null);
  }

  /**
   * Registers an active framework; resources it already uses on known agents count at once.
   *
   * @param minAllocatable the framework's own minimum allocatable alternatives for its role
   *     (Mesos's {@code FrameworkInfo.offer_filters}), which replace the configured ones: an
   *     offer is made to it only when it contains one of them; empty means any non-empty
   *     offer; null means the configured minimums apply
   */
  public void addFramework(
      String frameworkId, String role, boolean suppressed, List<Resources> minAllocatable) {
    requireNonEmpty(frameworkId, "frameworkId");
    requireNonEmpty(role, "role");
    if (frameworks.containsKey(frameworkId)) {
      throw new IllegalArgumentException("framework " + frameworkId + " is already added");
    }
    int index = freeIndices.isEmpty() ? nextIndex++ : freeIndices.pop();
    FrameworkState framework = new FrameworkState(frameworkId, role, index, suppressed);
    RoleState roleState = roles.get(role);
    if (roleState == null) {
      roleState = new RoleState(role, totals);
      roles.put(role, roleState);
      roleSorter.add(role, roleState, weight(role));
    }
    roleState.frameworks.add(frameworkId, framework, 1.0);
    frameworks.put(frameworkId, framework);
    setMinimums(framework, roleState, minAllocatable);
    Map<String, Resources> byAgent = held.get(frameworkId);
    if (byAgent != null) {
      for (Resources resources : byAgent.values()) {
        Map<String, Long> quantities = resources.scalarQuantities();
        roleState.frameworks.allocated(frameworkId, quantities, false);
        roleSorter.allocated(role, quantities, false);
      }
    }
    refreshEligibility(framework);
  }

  /** Forgets a framework; everything it holds on every agent becomes available. */
  public void removeFramework(String frameworkId) {
    Map<String, Resources> byAgent = held.remove(frameworkId);
    if (byAgent != null) {
      byAgent.forEach(
          (agentId, resources) -> {
            AgentState agent = agents.get(agentId);
            agent.allocated.remove(frameworkId);
            agent.setAvailable(agent.available().plus(resources), nextVersion++);
          });
    }
    FrameworkState framework = frameworks.remove(frameworkId);
    if (framework == null) {
      return;
    }
    RoleState role = roles.get(framework.role);
    setMinimums(framework, role, null);
    Map<String, Long> quantities = role.frameworks.allocation(frameworkId);
    role.frameworks.remove(frameworkId);
    roleSorter.unallocated(role.name, quantities);
    if (role.frameworks.size() == 0) {
      roles.remove(role.name);
      roleSorter.remove(role.name);
    } else {
      roleSorter.setActive(role.name, role.frameworks.activeCount() > 0);
    }
    clearFilters(framework);
    freeIndices.push(framework.index);
  }

  /**
   * Replaces a framework's own minimum allocatable alternatives (see {@link #addFramework(
   * String, String, boolean, List)}); takes effect from the next cycle.
   */
  public void updateMinAllocatable(String frameworkId, List<Resources> minAllocatable) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      setMinimums(framework, roles.get(framework.role), minAllocatable);
      // Lower minimums may make offers possible on agents found idle.
      epoch++;
    }
  }

  /** Lets a framework receive offers again (frameworks are active when added). */
  public void activateFramework(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.active = true;
      refreshEligibility(framework);
    }
  }

  /** Stops offers to a framework while it is disconnected; it keeps what it holds. */
  public void deactivateFramework(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.active = false;
      refreshEligibility(framework);
    }
  }

  /** Stops offers to a framework that has asked for none. */
  public void suppress(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.suppressed = true;
      refreshEligibility(framework);
    }
  }

  /** Resumes offers to a framework and drops all of its offer filters. */
  public void revive(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      framework.suppressed = false;
      clearFilters(framework);
      refreshEligibility(framework);
      epoch++;
    }
  }

  /**
   * Adds an agent with its total resources and what frameworks (added or not yet) already
   * use on it.
   *
   * @throws IllegalArgumentException if the agent is known or {@code total} does not
   *     contain the used resources
   */
  public void addAgent(String agentId, Resources total, Map<String, Resources> usedByFramework) {
    requireNonEmpty(agentId, "agentId");
    Objects.requireNonNull(total, "total");
    Map<String, Resources> used = usedByFramework == null ? Map.of() : usedByFramework;
    if (agents.containsKey(agentId)) {
      throw new IllegalArgumentException("agent " + agentId + " is already added");
    }
    Resources usedSum = Resources.empty();
    for (Map.Entry<String, Resources> entry : used.entrySet()) {
      requireNonEmpty(entry.getKey(), "frameworkId");
      usedSum = usedSum.plus(Objects.requireNonNull(entry.getValue(), "used resources"));
    }
    if (!total.contains(usedSum)) {
      throw new IllegalArgumentException(
          "agent " + agentId + " uses " + usedSum + " but has only " + total);
    }
    AgentState agent =
        new AgentState(agentId, total, total.minus(usedSum), nextVersion++, allocatable);
    agents.put(agentId, agent);
    agentOrder.add(agent);
    used.forEach(
        (frameworkId, resources) -> {
          if (!resources.isEmpty()) {
            track(agent, frameworkId, resources, false);
          }
        });
    total.scalarQuantities().forEach((name, millis) -> totals.merge(name, millis, Long::sum));
    totalsChanged();
  }

  /** Removes an agent with everything allocated on it and every filter about it. */
  public void removeAgent(String agentId) {
    AgentState agent = agents.remove(agentId);
    if (agent == null) {
      return;
    }
    agentOrder.remove(agent);
    for (Map.Entry<String, Resources> entry : List.copyOf(agent.allocated.entrySet())) {
      untrack(agent, entry.getKey(), entry.getValue());
    }
    agent.total.scalarQuantities().forEach(
        (name, millis) -> {
          long left = totals.get(name) - millis;
          if (left == 0) {
            totals.remove(name);
          } else {
            totals.put(name, left);
          }
        });
    totalsChanged();
  }

  /**
   * Gives back resources a framework holds on an agent (declined, or freed by finished
   * tasks); only what it actually holds there comes back. When {@code refuseSeconds} is
   * positive and both are known, the framework is not offered resources on that agent that
   * {@code resources} contain until that long from now.
   *
   * @throws IllegalArgumentException if {@code refuseSeconds} is negative or NaN
   */
  public void recoverResources(
      String frameworkId, String agentId, Resources resources, double refuseSeconds) {
    Objects.requireNonNull(resources, "resources");
    if (Double.isNaN(refuseSeconds) || refuseSeconds < 0) {
      throw new IllegalArgumentException("refuseSeconds must be >= 0, got " + refuseSeconds);
    }
    AgentState agent = agents.get(agentId);
    if (agent == null || frameworkId == null) {
      return;
    }
    Resources holding = agent.allocated.get(frameworkId);
    if (holding != null && !resources.isEmpty()) {
      Resources back =
          holding.contains(resources) ? resources : holding.intersection(resources);
      if (!back.isEmpty()) {
        untrack(agent, frameworkId, back);
      }
    }
    FrameworkState framework = frameworks.get(frameworkId);
    long nanos = (long) (Math.min(refuseSeconds, MAX_REFUSE_SECONDS) * 1e9);
    if (framework != null && nanos > 0 && !resources.isEmpty()) {
      long now = clock.getAsLong();
      // The filter is checked against the current offer at once, while all is at hand, so
      // a cycle after many declines finds every answer ready.
      agent.filters().add(
          framework.index, framework.role, resources, now + nanos, now, agent.version(), agent);
    }
  }

  /** Sets a role's weight: its share is divided by it, so it gets proportionally more. */
  public void updateWeight(String role, double weight) {
    AllocatorConfig.checkWeight(role, weight);
    weights.put(role, weight);
    if (roleSorter.contains(role)) {
      roleSorter.setWeight(role, weight);
    }
  }

  /** Runs one allocation cycle and returns what it allocated, in the order it decided. */
  public List<AllocationDecision> allocate() {
    long now = clock.getAsLong();
    List<AllocationDecision> decisions = new ArrayList<>();
    Collections.shuffle(agentOrder, random);
    for (AgentState agent : agentOrder) {
      if (agent.hasAvailable() && !agent.isIdle(epoch, now)) {
        allocateOn(agent, now, decisions);
      }
    }
    return decisions;
  }

  private void allocateOn(AgentState agent, long now, List<AllocationDecision> decisions) {
    boolean granted = false;
    boolean emptied = false;
    OfferFilters filters = agent.filtersOrNull();
    // Both orders stay as they are while this agent is served: a role receives at most once
    // here, and only its own share moves, so the rest of the order is still right.
    List<RoleState> order = roleSorter.sorted();
    for (int r = 0; r < order.size() && !emptied; r++) {
      RoleState role = order.get(r);
      Resources offer = agent.offerFor(role.name);
      if (offer == null) {
        continue;
      }
      boolean meetsConfigured = agent.meetsMinimum(offer);
      if (!meetsConfigured && role.ownMinimums == 0) {
        continue;
      }
      Map<String, Long> quantities = null;
      boolean anyFilters = filters != null && !filters.isEmpty();
      if (anyFilters) {
        filters.prepare(agent.version(), now, agent);
      }
      List<FrameworkState> candidates = role.frameworks.sorted();
      for (int f = 0; f < candidates.size(); f++) {
        // The hot loop when everything is filtered: an int and a bit per framework.
        if (anyFilters && filters.covered(role.frameworks.tagAt(f))) {
          continue;
        }
        FrameworkState framework = candidates.get(f);
        if (framework.minimums == null) {
          if (!meetsConfigured) {
            continue;
          }
        } else {
          quantities = quantities == null ? offer.scalarQuantities() : quantities;
          if (!meets(framework.minimums, quantities)) {
            continue;
          }
        }
        track(agent, framework.id, offer, true);
        decisions.add(new AllocationDecision(framework.id, agent.id, offer));
        granted = true;
        emptied = agent.available().isEmpty();
        break;
      }
    }
    if (!granted) {
      boolean bounded = filters != null && filters.anyCovered();
      agent.markIdle(epoch, bounded, bounded ? filters.coveredUntil() : 0);
    }
  }

  /** What is free on an agent; empty for unknown agents. */
  public Resources available(String agentId) {
    AgentState agent = agents.get(agentId);
    return agent == null ? Resources.empty() : agent.available();
  }

  /** What a framework holds over all agents. */
  public Resources allocated(String frameworkId) {
    Resources sum = Resources.empty();
    for (Resources resources : held.getOrDefault(frameworkId, Map.of()).values()) {
      sum = sum.plus(resources);
    }
    return sum;
  }

  /** What a framework holds on one agent. */
  public Resources allocated(String agentId, String frameworkId) {
    AgentState agent = agents.get(agentId);
    return agent == null
        ? Resources.empty()
        : agent.allocated.getOrDefault(frameworkId, Resources.empty());
  }

  /**
   * The sum of every agent's total. Computed on demand: ranges and sets are not additive
   * across agents (every agent has its own port 31000), so a running sum could not be
   * taken apart again when an agent leaves.
   */
  public Resources total() {
    Resources sum = Resources.empty();
    for (AgentState agent : agentOrder) {
      sum = sum.plus(agent.total);
    }
    return sum;
  }

  /** A framework's dominant share of the cluster; 0 for frameworks not added. */
  public double dominantShare(String frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId);
    return framework == null ? 0 : roles.get(framework.role).frameworks.share(frameworkId);
  }

  /** A role's dominant share divided by its weight; 0 for roles with no framework. */
  public double roleShare(String role) {
    return roleSorter.share(role);
  }

  /** The weight of a role. */
  public double weight(String role) {
    return weights.getOrDefault(role, AllocatorConfig.DEFAULT_WEIGHT);
  }

  /** The IDs of the known agents. */
  public Set<String> agents() {
    return Set.copyOf(agents.keySet());
  }

  /** The IDs of the added frameworks. */
  public Set<String> frameworks() {
    return Set.copyOf(frameworks.keySet());
  }

  /** The number of offer filters held, including expired ones not yet dropped. */
  public int filterCount() {
    int count = 0;
    for (AgentState agent : agentOrder) {
      OfferFilters filters = agent.filtersOrNull();
      count += filters == null ? 0 : filters.filterCount();
    }
    return count;
  }

  /**
   * Records {@code resources} of {@code agent} as held by a framework. A grant also takes
   * them from available and counts as an allocation for the tie-break; resources already in
   * use when the agent was added are in neither.
   */
  private void track(AgentState agent, String frameworkId, Resources resources, boolean granted) {
    if (granted) {
      agent.setAvailable(agent.available().minus(resources), nextVersion++);
    }
    agent.allocated.merge(frameworkId, resources, Resources::plus);
    held.computeIfAbsent(frameworkId, id -> new HashMap<>())
        .put(agent.id, agent.allocated.get(frameworkId));
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      Map<String, Long> quantities = resources.scalarQuantities();
      roles.get(framework.role).frameworks.allocated(frameworkId, quantities, granted);
      roleSorter.allocated(framework.role, quantities, granted);
    }
  }

  /** Moves {@code resources}, which the framework holds on {@code agent}, back to available. */
  private void untrack(AgentState agent, String frameworkId, Resources resources) {
    Resources left = agent.allocated.get(frameworkId).minus(resources);
    Map<String, Resources> byAgent = held.get(frameworkId);
    if (left.isEmpty()) {
      agent.allocated.remove(frameworkId);
      byAgent.remove(agent.id);
      if (byAgent.isEmpty()) {
        held.remove(frameworkId);
      }
    } else {
      agent.allocated.put(frameworkId, left);
      byAgent.put(agent.id, left);
    }
    agent.setAvailable(agent.available().plus(resources), nextVersion++);
    FrameworkState framework = frameworks.get(frameworkId);
    if (framework != null) {
      Map<String, Long> quantities = resources.scalarQuantities();
      roles.get(framework.role).frameworks.unallocated(frameworkId, quantities);
      roleSorter.unallocated(framework.role, quantities);
    }
  }

  private void refreshEligibility(FrameworkState framework) {
    RoleState role = roles.get(framework.role);
    role.frameworks.setActive(framework.id, framework.wantsOffers());
    roleSorter.setActive(role.name, role.frameworks.activeCount() > 0);
    if (framework.wantsOffers()) {
      epoch++;
    }
  }

  private void clearFilters(FrameworkState framework) {
    for (AgentState agent : agentOrder) {
      OfferFilters filters = agent.filtersOrNull();
      if (filters != null) {
        filters.removeAll(framework.index);
      }
    }
  }

  private void totalsChanged() {
    roleSorter.totalsChanged();
    for (RoleState role : roles.values()) {
      role.frameworks.totalsChanged();
    }
  }

  private void setMinimums(FrameworkState framework, RoleState role, List<Resources> minAllocatable) {
    if (framework.minimums != null) {
      role.ownMinimums--;
    }
    framework.minimums = null;
    if (minAllocatable != null) {
      List<Map<String, Long>> own = new ArrayList<>(minAllocatable.size());
      for (Resources minimum : minAllocatable) {
        own.add(Objects.requireNonNull(minimum, "minAllocatable element").scalarQuantities());
      }
      framework.minimums = List.copyOf(own);
      role.ownMinimums++;
    }
  }

  /** Whether an offer contains at least one of the configured minimums, whatever its roles. */
  private boolean meetsMinimum(Resources offer) {
    return !offer.isEmpty() && meets(minimums, offer.scalarQuantities());
  }

  /**
   * Whether {@code quantities} (of a non-empty offer) hold at least one of the alternatives;
   * no alternative means no minimum.
   */
  private static boolean meets(List<Map<String, Long>> alternatives, Map<String, Long> quantities) {
    if (alternatives.isEmpty()) {
      return true;
    }
    for (Map<String, Long> minimum : alternatives) {
      boolean meets = true;
      for (Map.Entry<String, Long> need : minimum.entrySet()) {
        if (quantities.getOrDefault(need.getKey(), 0L) < need.getValue()) {
          meets = false;
          break;
        }
      }
      if (meets) {
        return true;
      }
    }
    return false;
  }

  private static void requireNonEmpty(String id, String what) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
