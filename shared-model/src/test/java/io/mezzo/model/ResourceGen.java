package io.mezzo.model;

import io.mezzo.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random resource bags for the property tests, from one seed so a failure can be replayed.
 * Each name always has the same type, so any two bags can be added; small range bounds make
 * adjacent and overlapping ranges common.
 */
final class ResourceGen {
  static final String[] ROLES = {"*", "*", "ads", "web.prod"};
  static final String[] SCALARS = {"cpus", "mem", "disk", "gpus", "net_mbps"};
  static final String[] RANGES = {"ports", "slots"};
  static final String[] SETS = {"gpu_ids", "volumes"};
  static final String[] ITEMS = {"a", "b", "c", "gpu0", "gpu1", "x-1.y"};

  final long seed;
  final Random random;

  ResourceGen(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** A bag of up to 6 random resources, sometimes empty. */
  Resources bag() {
    Resources.Builder builder = Resources.builder();
    int parts = random.nextInt(7);
    for (int i = 0; i < parts; i++) {
      String role = pick(ROLES);
      switch (random.nextInt(3)) {
        case 0 -> builder.scalar(pick(SCALARS), role, scalar());
        case 1 -> builder.ranges(pick(RANGES), role, rangePairs());
        default -> builder.set(pick(SETS), role, items());
      }
    }
    return builder.build();
  }

  /** A random part of {@code bag}: less of each scalar, some of its ranges and items. */
  Resources partOf(Resources bag) {
    Resources.Builder builder = Resources.builder();
    for (Resources.Key key : bag.keys()) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      ResourceValue value = valueOf(bag, key);
      if (value instanceof ResourceValue.Scalar s) {
        builder.scalar(key.name(), key.role(), (long) (random.nextDouble() * (s.millis() + 1)) / 1000.0);
      } else if (value instanceof RangeSet set) {
        List<Long> pairs = new ArrayList<>();
        for (int i = 0; i < set.rangeCount(); i++) {
          long begin = set.begin(i);
          long end = set.end(i);
          long from = begin + (long) (random.nextDouble() * (end - begin + 1));
          long to = from + (long) (random.nextDouble() * (end - from + 1));
          if (random.nextBoolean()) {
            pairs.add(from);
            pairs.add(to);
          }
        }
        builder.ranges(key.name(), key.role(), pairs.stream().mapToLong(Long::longValue).toArray());
      } else {
        List<String> kept = new ArrayList<>();
        for (String item : ((ItemSet) value).items()) {
          if (random.nextBoolean()) {
            kept.add(item);
          }
        }
        builder.set(key.name(), key.role(), kept);
      }
    }
    return builder.build();
  }

  /** {@code bag} without any port or item that {@code other} holds under the same key. */
  static Resources withoutOverlap(Resources bag, Resources other) {
    Resources.Builder builder = Resources.builder();
    for (Resources.Key key : bag.keys()) {
      ResourceValue value = valueOf(bag, key);
      ResourceValue theirs = valueOf(other, key);
      if (!(value instanceof ResourceValue.Scalar) && theirs != null) {
        value = value.minus(theirs);
      }
      add(builder, key, value);
    }
    return builder.build();
  }

  /** The value {@code bag} holds under {@code key}, or null. */
  static ResourceValue valueOf(Resources bag, Resources.Key key) {
    Resources one = bag.filterRoles(key.role()::equals).named(key.name());
    Value.Type type = one.typeOf(key.name());
    if (type == null) {
      return null;
    }
    return switch (type) {
      case SCALAR -> new ResourceValue.Scalar(one.scalarMillis(key.name()));
      case RANGES -> RangeSet.of(flatten(one.ranges(key.name())));
      case SET -> ItemSet.of(one.items(key.name()));
      case TEXT -> throw new AssertionError("no text resources");
    };
  }

  static void add(Resources.Builder builder, Resources.Key key, ResourceValue value) {
    if (value instanceof ResourceValue.Scalar s) {
      builder.scalar(key.name(), key.role(), s.millis() / 1000.0);
    } else if (value instanceof RangeSet set) {
      long[] pairs = new long[set.rangeCount() * 2];
      for (int i = 0; i < set.rangeCount(); i++) {
        pairs[2 * i] = set.begin(i);
        pairs[2 * i + 1] = set.end(i);
      }
      builder.ranges(key.name(), key.role(), pairs);
    } else {
      builder.set(key.name(), key.role(), List.copyOf(((ItemSet) value).items()));
    }
  }

  static long[] flatten(List<long[]> ranges) {
    long[] pairs = new long[ranges.size() * 2];
    for (int i = 0; i < ranges.size(); i++) {
      pairs[2 * i] = ranges.get(i)[0];
      pairs[2 * i + 1] = ranges.get(i)[1];
    }
    return pairs;
  }

  /** Fractions such as 0.1 and 0.2 that doubles get wrong, small and large amounts, and zero. */
  double scalar() {
    return switch (random.nextInt(6)) {
      case 0 -> new double[] {0.1, 0.2, 0.3, 0.001, 0.7}[random.nextInt(5)];
      case 1 -> random.nextInt(100_000) / 1000.0;
      case 2 -> random.nextInt(65_536);
      // Large with thousandths; 18 of them (three bags of six) stay below MAX_SCALAR.
      case 3 -> random.nextLong(50_000_000_000_000L) / 1000.0;
      case 4 -> 0;
      default -> random.nextInt(10) + random.nextInt(1000) / 1000.0;
    };
  }

  /** One to three ranges with small bounds (so they touch and overlap), sometimes huge ones. */
  long[] rangePairs() {
    int n = 1 + random.nextInt(3);
    long[] pairs = new long[2 * n];
    for (int i = 0; i < n; i++) {
      long begin =
          switch (random.nextInt(8)) {
            case 0 -> 31_000 + random.nextInt(50);
            case 1 -> RangeSet.MAX_BOUND - random.nextInt(20);
            default -> random.nextInt(60);
          };
      long end = begin + Math.min(RangeSet.MAX_BOUND - begin, random.nextInt(random.nextBoolean() ? 1 : 12));
      pairs[2 * i] = begin;
      pairs[2 * i + 1] = end;
    }
    return pairs;
  }

  List<String> items() {
    List<String> items = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.add(pick(ITEMS));
    }
    return items;
  }

  String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
