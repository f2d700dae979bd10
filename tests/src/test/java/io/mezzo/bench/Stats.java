package io.mezzo.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of what the benchmarks measure. */
final class Stats {
  private Stats() {}

  /** The median of {@code values}; the mean of the middle two for an even count. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The {@code q} quantile (0 to 1) of {@code values}, nearest rank; {@code values} gets sorted. */
  static long percentile(long[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(q * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }
}
