package io.mezzo.model;

import io.mezzo.v1.Value;

/**
 * The quantity of one resource: a fixed-point scalar, a set of integer ranges or a set of
 * items. Values are immutable; arithmetic returns new values. Combining two values of
 * different kinds is a programming error, checked by {@link Resources} before it gets here.
 */
sealed interface ResourceValue permits ResourceValue.Scalar, RangeSet, ItemSet {

  Value.Type type();

  boolean isEmpty();

  /** The sum of this value and {@code other}, which has the same type. */
  ResourceValue plus(ResourceValue other);

  /** This value less {@code other}, which this value contains. */
  ResourceValue minus(ResourceValue other);

  /** Whether every unit of {@code other} is also in this value. */
  boolean contains(ResourceValue other);

  /** What this value and {@code other}, which has the same type, both hold. */
  ResourceValue intersect(ResourceValue other);

  /** The text form used in resource strings: {@code 4}, {@code [1-2,5-9]}, {@code {a,b}}. */
  String format();

  /**
   * A scalar in thousandths, so that sums and differences are exact; Mesos rounds scalars
   * to three decimals the same way.
   */
  record Scalar(long millis) implements ResourceValue {
    static final Scalar ZERO = new Scalar(0);

    public Scalar {
      if (millis < 0) {
        throw new IllegalArgumentException("negative scalar: " + millis);
      }
    }

    static Scalar of(double value) {
      return new Scalar(Math.round(value * 1000.0));
    }

    double value() {
      return millis / 1000.0;
    }

    @Override
    public Value.Type type() {
      return Value.Type.SCALAR;
    }

    @Override
    public boolean isEmpty() {
      return millis == 0;
    }

    @Override
    public ResourceValue plus(ResourceValue other) {
      return new Scalar(Math.addExact(millis, ((Scalar) other).millis));
    }

    @Override
    public ResourceValue minus(ResourceValue other) {
      return new Scalar(millis - ((Scalar) other).millis);
    }

    @Override
    public boolean contains(ResourceValue other) {
      return millis >= ((Scalar) other).millis;
    }

    @Override
    public ResourceValue intersect(ResourceValue other) {
      return new Scalar(Math.min(millis, ((Scalar) other).millis));
    }

    @Override
    public String format() {
      return formatMillis(millis);
    }

    static String formatMillis(long millis) {
      long whole = millis / 1000;
      long fraction = millis % 1000;
      if (fraction == 0) {
        return Long.toString(whole);
      }
      String digits = String.format("%03d", fraction);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      return whole + "." + digits.substring(0, end);
    }
  }
}
