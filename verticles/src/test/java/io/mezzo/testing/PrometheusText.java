package io.mezzo.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A scrape in Prometheus's text format, as series ({@code name{labels}}) and their values. */
public final class PrometheusText {
  private final Map<String, Double> values = new LinkedHashMap<>();

  private PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  public static PrometheusText parse(String text) {
    return new PrometheusText(text);
  }

  /** Every series of the scrape. */
  public Set<String> series() {
    return values.keySet();
  }

  /** The value of one series, written exactly as the scrape writes it; fails when absent. */
  public double value(String series) {
    Double value = values.get(series);
    if (value == null) {
      throw new AssertionError("no series " + series + " among " + values.keySet());
    }
    return value;
  }

  /** Whether some series of family {@code name} is present. */
  public boolean hasFamily(String name) {
    return values.keySet().stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "{"));
  }
}
