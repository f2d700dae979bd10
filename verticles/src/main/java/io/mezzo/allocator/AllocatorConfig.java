package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allocator's typed configuration: role weights, the minimum allocatable resources and
 * the allocation interval. A null component takes its default; an invalid one fails with an
 * {@link IllegalArgumentException} naming the key.
 *
 * @param roleWeights weight of each role (roles not named weigh {@value #DEFAULT_WEIGHT})
 * @param minAllocatable alternatives, one of which an offer must contain to be made; empty
 *     means any non-empty offer will do
 * @param allocationInterval time between periodic allocation cycles
 */
public record AllocatorConfig(
    Map<String, Double> roleWeights, List<Resources> minAllocatable, Duration allocationInterval) {

  /** The weight of a role that has none configured. */
  public static final double DEFAULT_WEIGHT = 1.0;

  /** Mesos's default interval between allocation cycles. */
  public static final Duration DEFAULT_ALLOCATION_INTERVAL = Duration.ofSeconds(1);

  /** Mesos's default minimum allocatable resources: a hundredth of a CPU, or 32 MB of memory. */
  public static final List<Resources> DEFAULT_MIN_ALLOCATABLE =
      List.of(Resources.scalar("cpus", 0.01), Resources.scalar("mem", 32));

  /** Validates every component and takes immutable copies. */
  public AllocatorConfig {
    roleWeights = roleWeights == null ? Map.of() : validWeights(roleWeights);
    minAllocatable = minAllocatable == null ? DEFAULT_MIN_ALLOCATABLE : validMinimums(minAllocatable);
    allocationInterval = allocationInterval == null ? DEFAULT_ALLOCATION_INTERVAL : allocationInterval;
    // Vert.x timers count whole milliseconds, so anything shorter would be a zero delay.
    if (allocationInterval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "allocationInterval must be at least 1 ms, got " + allocationInterval);
    }
  }

  /** The configuration with every default. */
  public static AllocatorConfig defaults() {
    return new AllocatorConfig(null, null, null);
  }

  /** A copy with the given role weights. */
  public AllocatorConfig withRoleWeights(Map<String, Double> weights) {
    return new AllocatorConfig(weights, minAllocatable, allocationInterval);
  }

  /** A copy with the given minimum allocatable alternatives. */
  public AllocatorConfig withMinAllocatable(List<Resources> minimums) {
    return new AllocatorConfig(roleWeights, minimums, allocationInterval);
  }

  /** A copy with the given allocation interval. */
  public AllocatorConfig withAllocationInterval(Duration interval) {
    return new AllocatorConfig(roleWeights, minAllocatable, interval);
  }

  /** The configured weight of {@code role}, or {@value #DEFAULT_WEIGHT}. */
  public double weight(String role) {
    return roleWeights.getOrDefault(role, DEFAULT_WEIGHT);
  }

  /** Checks one weight; shared with {@link Allocator#updateWeight} so both say the same. */
  static void checkWeight(String role, Double weight) {
    if (role == null || role.isEmpty()) {
      throw new IllegalArgumentException("roleWeights has an empty role name");
    }
    if (weight == null || !Double.isFinite(weight) || weight <= 0) {
      throw new IllegalArgumentException(
          "roleWeights." + role + " must be a positive number, got " + weight);
    }
  }

  private static Map<String, Double> validWeights(Map<String, Double> weights) {
    Map<String, Double> copy = new HashMap<>();
    weights.forEach(
        (role, weight) -> {
          checkWeight(role, weight);
          copy.put(role, weight);
        });
    return Map.copyOf(copy);
  }

  private static List<Resources> validMinimums(List<Resources> minimums) {
    List<Resources> copy = new ArrayList<>(minimums.size());
    for (int i = 0; i < minimums.size(); i++) {
      Resources minimum = minimums.get(i);
      if (minimum == null || minimum.isEmpty()) {
        throw new IllegalArgumentException("minAllocatable[" + i + "] is empty");
      }
      // A minimum is a quantity, compared whatever the role of the offered resources, so
      // only scalars make sense (as Mesos's --min_allocatable_resources).
      Set<String> scalars = minimum.scalarQuantities().keySet();
      for (Resources.Key key : minimum.keys()) {
        if (!scalars.contains(key.name())) {
          throw new IllegalArgumentException(
              "minAllocatable[" + i + "] may hold scalars only, got " + key);
        }
      }
      copy.add(minimum);
    }
    return List.copyOf(copy);
  }
}
