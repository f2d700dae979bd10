package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One agent's filter table: refusal semantics, expiry, and the hash table underneath. */
class OfferFiltersTest {
  private static final Resources OFFER = res("cpus:2;mem:2048");
  private static final OfferFilters.Offers SAME_OFFER = role -> OFFER;
  private static final long SECOND = 1_000_000_000L;

  private final OfferFilters filters = new OfferFilters();

  private void add(int key, String refused, long expiresAt) {
    filters.add(key, "r", res(refused), expiresAt, 0, 1, SAME_OFFER);
  }

  @Test
  void coversWhatTheRefusalContainsUntilItExpires() {
    add(7, "cpus:4;mem:4096", 10 * SECOND);

    filters.prepare(1, 0, SAME_OFFER);
    assertTrue(filters.covered(7));
    assertFalse(filters.covered(8));
    assertEquals(10 * SECOND, filters.coveredUntil());
    filters.prepare(1, 10 * SECOND - 1, SAME_OFFER);
    assertTrue(filters.covered(7));
    filters.prepare(2, 0, role -> res("cpus:8;mem:2048"));
    assertFalse(filters.covered(7));
    assertFalse(filters.anyCovered());

    filters.prepare(3, 10 * SECOND, SAME_OFFER);

    assertFalse(filters.covered(7));
    assertEquals(0, filters.filterCount());
    assertTrue(filters.isEmpty());
  }

  @Test
  void aNewFilterIsAnsweredAtOnceForTheCurrentVersion() {
    filters.prepare(1, 0, SAME_OFFER);
    assertFalse(filters.covered(3));

    add(3, "cpus:2;mem:2048", 5 * SECOND);

    assertTrue(filters.covered(3));
    filters.removeAll(3);
    assertFalse(filters.covered(3));
    assertEquals(0, filters.filterCount());
  }

  @Test
  void keepsOlderFiltersTheNewOneDoesNotCover() {
    add(1, "cpus:4;mem:4096", 100 * SECOND);
    add(1, "cpus:1;mem:512", 5 * SECOND);

    assertEquals(2, filters.filterCount());
    filters.prepare(2, 50 * SECOND, SAME_OFFER);
    assertTrue(filters.covered(1));
    assertEquals(100 * SECOND, filters.coveredUntil());
    assertEquals(1, filters.filterCount());
    // A refusal of more, for longer, makes the older one redundant.
    add(1, "cpus:8;mem:8192", 200 * SECOND);
    assertEquals(1, filters.filterCount());
  }

  @Test
  void holdsAFewFiltersPerFrameworkAtMost() {
    for (int i = 1; i <= 10; i++) {
      add(1, "cpus:" + i + ";mem:" + (11 - i), (100 + i) * SECOND);
    }

    assertEquals(OfferFilters.MAX_PER_FRAMEWORK, filters.filterCount());
  }

  @Test
  void tableMatchesAMapThroughGrowthAndDeletion() {
    Random random = new Random(3);
    Map<Integer, Boolean> reference = new HashMap<>();
    long version = 1;
    for (int step = 0; step < 20_000; step++) {
      int key = 1 + random.nextInt(400);
      if (random.nextInt(3) > 0) {
        filters.add(key, "r", OFFER, Long.MAX_VALUE / 2, 0, version, SAME_OFFER);
        reference.put(key, true);
      } else {
        filters.removeAll(key);
        reference.remove(key);
      }
      if (step % 97 == 0) {
        version++;
        filters.prepare(version, 0, SAME_OFFER);
        for (int probe = 1; probe <= 400; probe++) {
          assertEquals(reference.containsKey(probe), filters.covered(probe), "key " + probe);
        }
      }
    }
    assertEquals(reference.size(), filters.filterCount());
  }
}
