package io.mezzo.model;

import io.mezzo.v1.Value;
import java.util.Arrays;

/**
 * A set of non-negative integers kept as sorted, disjoint, non-adjacent inclusive ranges
 * ({@code [31000-31005,31010-32000]}). Adjacent and overlapping ranges merge on the way in,
 * so equal sets have equal representations.
 */
final class RangeSet implements ResourceValue {
  /** Largest allowed bound, one below {@code Long.MAX_VALUE} so {@code end + 1} never overflows. */
  static final long MAX_BOUND = Long.MAX_VALUE - 1;

  static final RangeSet EMPTY = new RangeSet(new long[0]);

  /** {@code [begin0, end0, begin1, end1, ...]}, normalized. */
  private final long[] bounds;

  private RangeSet(long[] bounds) {
    this.bounds = bounds;
  }

  /** A set from {@code [begin, end]} pairs in any order; overlapping pairs merge. */
  static RangeSet of(long[] pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("ranges need begin/end pairs");
    }
    int n = pairs.length / 2;
    long[][] ranges = new long[n][];
    for (int i = 0; i < n; i++) {
      long begin = pairs[2 * i];
      long end = pairs[2 * i + 1];
      if (begin < 0 || end > MAX_BOUND || begin > end) {
        throw new InvalidResourcesException(
            "invalid range [" + Long.toUnsignedString(begin) + "-" + Long.toUnsignedString(end) + "]");
      }
      ranges[i] = new long[] {begin, end};
    }
    Arrays.sort(ranges, (a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[pairs.length];
    int size = 0;
    for (long[] range : ranges) {
      if (size > 0 && range[0] <= out[size - 1] + 1) {
        out[size - 1] = Math.max(out[size - 1], range[1]);
      } else {
        out[size++] = range[0];
        out[size++] = range[1];
      }
    }
    return new RangeSet(Arrays.copyOf(out, size));
  }

  int rangeCount() {
    return bounds.length / 2;
  }

  long begin(int i) {
    return bounds[2 * i];
  }

  long end(int i) {
    return bounds[2 * i + 1];
  }

  /** How many integers the set holds (saturating at Long.MAX_VALUE). */
  long size() {
    long total = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long width = bounds[i + 1] - bounds[i] + 1;
      total = width > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + width;
    }
    return total;
  }

  @Override
  public Value.Type type() {
    return Value.Type.RANGES;
  }

  @Override
  public boolean isEmpty() {
    return bounds.length == 0;
  }

  @Override
  public ResourceValue plus(ResourceValue other) {
    long[] theirs = ((RangeSet) other).bounds;
    if (theirs.length == 0) {
      return this;
    }
    if (bounds.length == 0) {
      return other;
    }
    long[] all = Arrays.copyOf(bounds, bounds.length + theirs.length);
    System.arraycopy(theirs, 0, all, bounds.length, theirs.length);
    return of(all);
  }

  @Override
  public ResourceValue minus(ResourceValue other) {
    long[] theirs = ((RangeSet) other).bounds;
    if (theirs.length == 0 || bounds.length == 0) {
      return this;
    }
    // Sweep both sorted lists: each of our ranges is cut by the ranges of theirs that
    // overlap it, leaving at most one more piece per cut.
    long[] out = new long[bounds.length + theirs.length];
    int size = 0;
    int j = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      long begin = bounds[i];
      long end = bounds[i + 1];
      while (j < theirs.length && theirs[j + 1] < begin) {
        j += 2;
      }
      int k = j;
      while (begin <= end && k < theirs.length && theirs[k] <= end) {
        if (theirs[k] > begin) {
          out = ensure(out, size + 2);
          out[size++] = begin;
          out[size++] = theirs[k] - 1;
        }
        begin = Math.max(begin, theirs[k + 1] + 1);
        if (theirs[k + 1] > end) {
          break;
        }
        k += 2;
      }
      if (begin <= end) {
        out = ensure(out, size + 2);
        out[size++] = begin;
        out[size++] = end;
      }
    }
    return new RangeSet(Arrays.copyOf(out, size));
  }

  private static long[] ensure(long[] array, int size) {
    return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }

  @Override
  public boolean contains(ResourceValue other) {
    long[] theirs = ((RangeSet) other).bounds;
    int i = 0;
    for (int j = 0; j < theirs.length; j += 2) {
      while (i < bounds.length && bounds[i + 1] < theirs[j]) {
        i += 2;
      }
      if (i == bounds.length || bounds[i] > theirs[j] || bounds[i + 1] < theirs[j + 1]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ResourceValue intersect(ResourceValue other) {
    long[] theirs = ((RangeSet) other).bounds;
    // Sweep both sorted lists; a gap in either keeps the pieces apart, so the result is
    // normalized as it comes.
    long[] out = new long[bounds.length + theirs.length];
    int size = 0;
    int i = 0;
    int j = 0;
    while (i < bounds.length && j < theirs.length) {
      long begin = Math.max(bounds[i], theirs[j]);
      long end = Math.min(bounds[i + 1], theirs[j + 1]);
      if (begin <= end) {
        out[size++] = begin;
        out[size++] = end;
      }
      if (bounds[i + 1] < theirs[j + 1]) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return new RangeSet(Arrays.copyOf(out, size));
  }

  @Override
  public String format() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        text.append(',');
      }
      text.append(bounds[i]).append('-').append(bounds[i + 1]);
    }
    return text.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSet other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return format();
  }
}
