package io.mezzo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mezzo.v1.Resource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The algebra of {@link Resources} checked on random bags. Deterministic: every case runs
 * from a seed derived from {@link #BASE_SEED}; a failure names its seed, and
 * {@code -Dmezzo.seed=<seed>} replays just that case.
 */
class ResourcesPropertiesTest {
  private static final long BASE_SEED = 0x5EED_2024L;
  private static final int CASES = 2_000;

  /** Runs {@code property} on {@link #CASES} generators, or on the one named by -Dmezzo.seed. */
  private static void forAll(String property, Consumer<ResourceGen> check) {
    String replay = System.getProperty("mezzo.seed");
    List<Long> seeds = new ArrayList<>();
    if (replay != null) {
      seeds.add(Long.parseLong(replay));
    } else {
      Random seeder = new Random(BASE_SEED ^ property.hashCode());
      for (int i = 0; i < CASES; i++) {
        seeds.add(seeder.nextLong());
      }
    }
    for (long seed : seeds) {
      try {
        check.accept(new ResourceGen(seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            property + " fails for seed " + seed + " (replay with -Dmezzo.seed=" + seed + "): " + e, e);
      }
    }
  }

  @Test
  void plusIsCommutative() {
    forAll("a+b == b+a", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      assertEquals(a.plus(b), b.plus(a), () -> "a=" + a + " b=" + b);
      assertEquals(a.plus(b).hashCode(), b.plus(a).hashCode());
    });
  }

  @Test
  void plusIsAssociative() {
    forAll("(a+b)+c == a+(b+c)", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      Resources c = g.bag();
      assertEquals(a.plus(b).plus(c), a.plus(b.plus(c)), () -> "a=" + a + " b=" + b + " c=" + c);
    });
  }

  @Test
  void minusUndoesPlusWhenNothingIsShared() {
    forAll("(a+b)-b == a", g -> {
      Resources a = g.bag();
      Resources b = ResourceGen.withoutOverlap(g.bag(), a);
      assertEquals(a, a.plus(b).minus(b), () -> "a=" + a + " b=" + b);
    });
  }

  @Test
  void minusUndoesPlusUpToSharedPortsAndItems() {
    // Ranges and sets join as unions, so with overlap only this weaker law holds.
    forAll("((a+b)-b)+b == a+b", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      Resources sum = a.plus(b);
      Resources rest = sum.minus(b);
      assertEquals(sum, rest.plus(b), () -> "a=" + a + " b=" + b);
      assertEquals(ResourceGen.withoutOverlap(a, b), rest, () -> "a=" + a + " b=" + b);
    });
  }

  @Test
  void sumContainsBothParts() {
    forAll("a+b contains a and b", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      assertTrue(a.plus(b).contains(a), () -> "a=" + a + " b=" + b);
      assertTrue(a.plus(b).contains(b), () -> "a=" + a + " b=" + b);
    });
  }

  @Test
  void containsIsReflexiveAndSelfMinusIsEmpty() {
    forAll("a contains a", g -> {
      Resources a = g.bag();
      assertTrue(a.contains(a), () -> "a=" + a);
      assertTrue(a.minus(a).isEmpty(), () -> "a=" + a);
    });
  }

  @Test
  void emptyIsTheIdentity() {
    forAll("empty is identity", g -> {
      Resources a = g.bag();
      Resources empty = Resources.empty();
      assertEquals(a, a.plus(empty));
      assertEquals(a, empty.plus(a));
      assertEquals(a, a.minus(empty));
      assertTrue(a.contains(empty));
      assertEquals(a.isEmpty(), empty.contains(a), () -> "a=" + a);
    });
  }

  @Test
  void minusThrowsExactlyWhenNotContained() {
    forAll("minus throws iff not contained", g -> {
      Resources a = g.bag();
      // Half the cases take a part of a (always contained), half an unrelated bag.
      Resources b = g.random.nextBoolean() ? g.partOf(a) : g.bag();
      if (a.contains(b)) {
        Resources rest = a.minus(b);
        assertTrue(a.contains(rest), () -> "a=" + a + " b=" + b);
        assertEquals(a, rest.plus(b), () -> "a=" + a + " b=" + b);
      } else {
        assertThrows(IllegalArgumentException.class, () -> a.minus(b), () -> "a=" + a + " b=" + b);
      }
    });
  }

  @Test
  void partsAreContained() {
    forAll("a contains partOf(a)", g -> {
      Resources a = g.bag();
      Resources part = g.partOf(a);
      assertTrue(a.contains(part), () -> "a=" + a + " part=" + part);
      assertEquals(part.equals(a), part.contains(a), () -> "a=" + a + " part=" + part);
      assertFalse(part.contains(a.plus(Resources.scalar("cpus", 0.001))), () -> "a=" + a);
    });
  }

  @Test
  void intersectionIsContainedInBothAndCommutative() {
    forAll("a.intersection(b) is in a and in b", g -> {
      Resources a = g.bag();
      Resources b = g.bag().plus(g.partOf(a));
      Resources both = a.intersection(b);
      assertTrue(a.contains(both) && b.contains(both), () -> "a=" + a + " b=" + b + " both=" + both);
      assertEquals(both, b.intersection(a), () -> "a=" + a + " b=" + b);
      assertEquals(a, a.intersection(a), () -> "a=" + a);
      Resources part = g.partOf(a);
      assertEquals(part, a.intersection(part), () -> "a=" + a + " part=" + part);
    });
  }

  @Test
  void toStringParsesBack() {
    forAll("parse(toString(a)) == a", g -> {
      Resources a = g.bag().plus(g.bag()).plus(g.bag());
      assertEquals(a, Resources.parse(a.toString()), () -> "text=" + a);
    });
  }

  @Test
  void protoRoundTrips() {
    forAll("fromProto(toProto(a)) == a", g -> {
      Resources a = g.bag().plus(g.bag());
      assertEquals(a, Resources.fromProto(a.toProto()), () -> "a=" + a);
      List<Resource> decoded = new ArrayList<>();
      for (Resource resource : a.toProto()) {
        try {
          decoded.add(Resource.parseFrom(resource.toByteArray()));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      assertEquals(a, Resources.fromProto(decoded), () -> "through bytes: a=" + a);
    });
  }

  @Test
  void scalarQuantitiesAddUp() {
    forAll("quantities(a+b) == quantities(a)+quantities(b)", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      Map<String, Long> expected = new HashMap<>(a.scalarQuantities());
      b.scalarQuantities().forEach((name, millis) -> expected.merge(name, millis, Long::sum));
      assertEquals(expected, a.plus(b).scalarQuantities(), () -> "a=" + a + " b=" + b);
    });
  }

  @Test
  void allocatableToDistributesOverPlus() {
    forAll("allocatableTo(a+b) == allocatableTo(a)+allocatableTo(b)", g -> {
      Resources a = g.bag();
      Resources b = g.bag();
      String role = g.pick(ResourceGen.ROLES);
      assertEquals(
          a.allocatableTo(role).plus(b.allocatableTo(role)),
          a.plus(b).allocatableTo(role),
          () -> "role=" + role + " a=" + a + " b=" + b);
      assertTrue(a.contains(a.allocatableTo(role)));
    });
  }

  @Test
  void rangeSetsAgreeWithABitSetModel() {
    forAll("RangeSet matches BitSet", g -> {
      long[] x = smallPairs(g.random);
      long[] y = smallPairs(g.random);
      RangeSet a = RangeSet.of(x);
      RangeSet b = RangeSet.of(y);
      BitSet ma = bits(x);
      BitSet mb = bits(y);
      assertNormalizedAndEqual(ma, a);
      BitSet union = (BitSet) ma.clone();
      union.or(mb);
      assertNormalizedAndEqual(union, (RangeSet) a.plus(b));
      BitSet difference = (BitSet) ma.clone();
      difference.andNot(mb);
      assertNormalizedAndEqual(difference, (RangeSet) a.minus(b));
      BitSet outside = (BitSet) mb.clone();
      outside.andNot(ma);
      assertEquals(outside.isEmpty(), a.contains(b), () -> "a=" + a + " b=" + b);
      assertEquals(ma.cardinality(), a.size());
    });
  }

  @Test
  void tenThousandTenthsAddAndSubtractExactly() {
    Resources tenth = Resources.scalar("cpus", 0.1);
    Resources total = Resources.empty();
    for (int i = 0; i < 10_000; i++) {
      total = total.plus(tenth);
    }
    assertEquals(Resources.scalar("cpus", 1000), total);
    assertEquals(1000.0, total.scalar("cpus"));
    for (int i = 0; i < 10_000; i++) {
      total = total.minus(tenth);
    }
    assertTrue(total.isEmpty(), total::toString);
    assertEquals(Resources.empty(), total);
    assertEquals("", total.toString());
  }

  @Test
  void pointOnePlusPointTwoIsPointThree() {
    Resources sum = Resources.scalar("cpus", 0.1).plus(Resources.scalar("cpus", 0.2));
    assertEquals(Resources.scalar("cpus", 0.3), sum);
    assertEquals(0.3, sum.scalar("cpus"));
    assertEquals(300, sum.scalarMillis("cpus"));
    assertEquals("cpus:0.3", sum.toString());
    assertEquals(Resources.scalar("cpus", 0.2), Resources.scalar("cpus", 0.3).minus(Resources.scalar("cpus", 0.1)));
  }

  private static long[] smallPairs(Random random) {
    int n = random.nextInt(5);
    long[] pairs = new long[2 * n];
    for (int i = 0; i < n; i++) {
      pairs[2 * i] = random.nextInt(40);
      pairs[2 * i + 1] = pairs[2 * i] + random.nextInt(6);
    }
    return pairs;
  }

  private static BitSet bits(long[] pairs) {
    BitSet bits = new BitSet();
    for (int i = 0; i < pairs.length; i += 2) {
      bits.set((int) pairs[i], (int) pairs[i + 1] + 1);
    }
    return bits;
  }

  /** {@code set} holds exactly {@code expected}, as sorted, disjoint, non-adjacent ranges. */
  private static void assertNormalizedAndEqual(BitSet expected, RangeSet set) {
    BitSet actual = new BitSet();
    for (int i = 0; i < set.rangeCount(); i++) {
      if (set.begin(i) > set.end(i) || (i > 0 && set.begin(i) <= set.end(i - 1) + 1)) {
        fail("not normalized: " + set);
      }
      actual.set((int) set.begin(i), (int) set.end(i) + 1);
    }
    assertEquals(expected, actual, () -> "set=" + set);
    assertEquals(expected.isEmpty(), set.isEmpty());
  }
}
