package io.mezzo.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The DRF order of clients, and that its incremental upkeep matches a full sort. */
class DrfSorterTest {
  private final Map<String, Long> totals = new HashMap<>(Map.of("cpus", 100_000L, "mem", 1_000_000L));
  private final DrfSorter<String> sorter = new DrfSorter<>(totals);

  private void client(String id, double weight) {
    sorter.add(id, id, weight);
    sorter.setActive(id, true);
  }

  @Test
  void ordersByDominantShare() {
    client("a", 1);
    client("b", 1);
    client("c", 1);
    sorter.allocated("a", Map.of("cpus", 10_000L, "mem", 50_000L), true);
    sorter.allocated("b", Map.of("mem", 500_000L), true);

    assertEquals(List.of("c", "a", "b"), sorter.sorted());
    assertEquals(0.1, sorter.share("a"), 1e-12);
    assertEquals(0.5, sorter.share("b"), 1e-12);
  }

  @Test
  void tiesGoToFewerAllocationsThenToTheSmallerId() {
    client("b", 1);
    client("a", 1);
    client("c", 1);
    sorter.allocated("a", Map.of("cpus", 5_000L), true);
    sorter.allocated("a", Map.of("cpus", 5_000L), true);
    sorter.allocated("b", Map.of("cpus", 10_000L), true);
    sorter.allocated("c", Map.of("cpus", 10_000L), true);

    assertEquals(List.of("b", "c", "a"), sorter.sorted());
  }

  @Test
  void weightDividesTheShare() {
    client("heavy", 4);
    client("light", 1);
    sorter.allocated("heavy", Map.of("cpus", 40_000L), true);
    sorter.allocated("light", Map.of("cpus", 20_000L), true);

    assertEquals(List.of("heavy", "light"), sorter.sorted());
    assertEquals(0.1, sorter.share("heavy"), 1e-12);
    sorter.setWeight("heavy", 1);
    assertEquals(List.of("light", "heavy"), sorter.sorted());
  }

  @Test
  void inactiveClientsAreLeftOutButKeepTheirAllocation() {
    client("a", 1);
    client("b", 1);
    sorter.allocated("a", Map.of("cpus", 1_000L), true);

    sorter.setActive("a", false);

    assertEquals(List.of("b"), sorter.sorted());
    assertEquals(Map.of("cpus", 1_000L), sorter.allocation("a"));
    sorter.setActive("a", true);
    assertEquals(List.of("b", "a"), sorter.sorted());
  }

  @Test
  void sharesFollowTheTotals() {
    client("cpu-heavy", 1);
    client("mem-heavy", 1);
    sorter.allocated("cpu-heavy", Map.of("cpus", 50_000L), true);
    sorter.allocated("mem-heavy", Map.of("mem", 400_000L), true);
    assertEquals(List.of("mem-heavy", "cpu-heavy"), sorter.sorted());

    totals.put("cpus", 200_000L);
    sorter.totalsChanged();

    assertEquals(List.of("cpu-heavy", "mem-heavy"), sorter.sorted());
  }

  @Test
  void orderStaysPutWhileTheCallerRecordsAllocations() {
    client("a", 1);
    client("b", 1);
    List<String> order = sorter.sorted();

    sorter.allocated("a", Map.of("cpus", 1_000L), true);

    assertEquals(List.of("a", "b"), order);
    assertEquals(List.of("b", "a"), sorter.sorted());
  }

  @Test
  void rejectsBadInput() {
    client("a", 1);
    assertThrows(IllegalArgumentException.class, () -> sorter.add("a", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> sorter.add("z", "z", 0));
    assertThrows(IllegalArgumentException.class, () -> sorter.allocated("nobody", Map.of(), true));
    assertThrows(IllegalStateException.class, () -> sorter.unallocated("a", Map.of("cpus", 1L)));
  }

  @Test
  void incrementalOrderMatchesAFullSort() {
    Random random = new Random(7);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add("c" + i);
      client("c" + i, 1 + random.nextInt(3));
    }
    Map<String, Long> counts = new HashMap<>();
    Set<String> inactive = new HashSet<>();
    for (int step = 0; step < 3000; step++) {
      // A cycle records a handful of changes between two looks at the order.
      for (int change = random.nextInt(3); change >= 0; change--) {
        String id = ids.get(random.nextInt(ids.size()));
        long cpus = 1 + random.nextInt(2_000);
        if (random.nextInt(3) > 0 || sorter.allocation(id).getOrDefault("cpus", 0L) < cpus) {
          sorter.allocated(id, Map.of("cpus", cpus, "mem", cpus * 3), true);
          counts.merge(id, 1L, Long::sum);
        } else {
          sorter.unallocated(id, Map.of("cpus", cpus, "mem", cpus * 3));
        }
        if (random.nextInt(50) == 0) {
          boolean active = random.nextBoolean();
          sorter.setActive(id, active);
          if (active) {
            inactive.remove(id);
          } else {
            inactive.add(id);
          }
        }
      }
      assertEquals(expectedOrder(ids, counts, inactive), sorter.sorted(), "step " + step);
    }
  }

  private List<String> expectedOrder(List<String> ids, Map<String, Long> counts, Set<String> inactive) {
    List<String> expected = new ArrayList<>(ids);
    expected.removeAll(inactive);
    expected.sort(
        Comparator.comparingDouble((String id) -> sorter.share(id))
            .thenComparingLong(id -> counts.getOrDefault(id, 0L))
            .thenComparing(Comparator.naturalOrder()));
    return expected;
  }
}
