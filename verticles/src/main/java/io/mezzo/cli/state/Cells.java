package io.mezzo.cli.state;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the listing commands write IDs, amounts and ages in table cells. */
final class Cells {
  static final String NONE = "-";

  private Cells() {}

  /**
   * A long generated ID shortened for a table: its first 8 characters and its last
   * {@code -} part ({@code 3f2a9c1e...-0001}), which tells apart the IDs one master makes.
   * Short IDs (and task IDs, which people choose) stay whole.
   */
  static String shortId(String id) {
    if (id == null || id.isEmpty()) {
      return NONE;
    }
    if (id.length() <= 16) {
      return id;
    }
    int dash = id.lastIndexOf('-');
    String suffix = dash > 8 && id.length() - dash <= 8 ? id.substring(dash) : "";
    return id.substring(0, 8) + "..." + suffix;
  }

  /** How long ago {@code epochSeconds} was: {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}. */
  static String age(double epochSeconds, double nowSeconds) {
    if (!(epochSeconds > 0)) {
      return NONE;
    }
    long seconds = Math.max(0, (long) (nowSeconds - epochSeconds));
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return seconds / 60 + "m";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }

  /** A scalar of a Mesos resource object, 0 when absent. */
  static double scalar(JsonObject resources, String name) {
    if (resources == null || !(resources.getValue(name) instanceof Number number)) {
      return 0;
    }
    return number.doubleValue();
  }

  /** A number without needless decimals: {@code 4}, {@code 0.5}, {@code 0.125}. */
  static String number(double value) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }

  /** Megabytes as people read them: {@code 64 MB}, {@code 1.5 GB}. */
  static String megabytes(double mb) {
    return mb >= 1024 ? number(Math.round(mb / 1024 * 10) / 10.0) + " GB" : number(mb) + " MB";
  }

  /** {@code used/total}, with the unit once: {@code 0.5/4} or {@code 64/4096 MB}. */
  static String usedOfTotal(double used, double total, boolean megabytes) {
    if (!megabytes) {
      return number(used) + "/" + number(total);
    }
    return total >= 1024
        ? number(Math.round(used / 1024 * 10) / 10.0) + "/" + number(Math.round(total / 1024 * 10) / 10.0) + " GB"
        : number(used) + "/" + number(total) + " MB";
  }
}
