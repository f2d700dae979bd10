package io.mezzo.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of a JSON config object and remembers which keys it read, so
 * that a key nobody reads (a typo, an option from another node kind) fails the start
 * with its name instead of being silently ignored.
 */
public final class ConfigReader {
  private final String section;
  private final JsonObject json;
  private final Set<String> read = new TreeSet<>();

  /** A reader of {@code json}, whose errors name keys as {@code section.key}. */
  public ConfigReader(String section, JsonObject json) {
    this.section = section;
    this.json = json == null ? new JsonObject() : json;
  }

  public String string(String key, String fallback) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw invalid(key, "must be a string");
    }
    return text;
  }

  public int integer(String key, int fallback, int min, int max) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    long n;
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      n = number.longValue();
    } else if (value instanceof String text && text.trim().matches("-?[0-9]{1,18}")) {
      n = Long.parseLong(text.trim());
    } else {
      throw invalid(key, "must be a whole number, not '" + value + "'");
    }
    if (n < min || n > max) {
      throw invalid(key, "must be between " + min + " and " + max);
    }
    return (int) n;
  }

  /** A number, written as a JSON number or (from the environment or a flag) as text. */
  public double number(String key, double fallback, double min, double max) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    double n;
    if (value instanceof Number number) {
      n = number.doubleValue();
    } else if (value instanceof String text && text.trim().matches("-?[0-9]+(\\.[0-9]+)?")) {
      n = Double.parseDouble(text.trim());
    } else {
      throw invalid(key, "must be a number, not '" + value + "'");
    }
    if (!(n >= min && n <= max)) {
      throw invalid(key, "must be between " + plain(min) + " and " + plain(max));
    }
    return n;
  }

  public boolean bool(String key, boolean fallback) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw invalid(key, "must be true or false, not '" + value + "'");
  }

  /** A duration written as text ({@code "15s"}); must lie within [min, max]. */
  public Duration duration(String key, Duration fallback, Duration min, Duration max) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw invalid(key, "must be a duration such as \"15s\"");
    }
    Duration duration;
    try {
      duration = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(key, e.getMessage());
    }
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw invalid(key, "must be between " + Durations.format(min) + " and " + Durations.format(max));
    }
    return duration;
  }

  public List<String> strings(String key, List<String> fallback) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String text) {
      // From the environment or a flag: a comma-separated list.
      List<String> items = new ArrayList<>();
      for (String item : text.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }
    if (!(value instanceof JsonArray array)) {
      throw invalid(key, "must be a list of strings");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw invalid(key, "must be a list of strings");
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }

  /** An object of numbers, such as role weights. */
  public Map<String, Double> numbers(String key, Map<String, Double> fallback) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String text) {
      // From the environment or a flag: name=number pairs separated by commas.
      JsonObject object = new JsonObject();
      for (String pair : text.split(",")) {
        String[] parts = pair.split("=", 2);
        if (parts.length != 2) {
          throw invalid(key, "must look like name=number,name=number");
        }
        try {
          object.put(parts[0].trim(), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
          throw invalid(key + "." + parts[0].trim(), "must be a number");
        }
      }
      value = object;
    }
    if (!(value instanceof JsonObject object)) {
      throw invalid(key, "must be an object of numbers");
    }
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object) {
      if (!(entry.getValue() instanceof Number number)) {
        throw invalid(key + "." + entry.getKey(), "must be a number");
      }
      numbers.put(entry.getKey(), number.doubleValue());
    }
    return Map.copyOf(numbers);
  }

  /**
   * An object of strings, such as environment variables; from the environment or a flag,
   * {@code name=value} pairs separated by commas. Numbers and booleans become their text.
   */
  public Map<String, String> stringMap(String key, Map<String, String> fallback) {
    Object value = take(key);
    if (value == null) {
      return fallback;
    }
    Map<String, String> strings = new LinkedHashMap<>();
    if (value instanceof String text) {
      for (String pair : text.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] parts = pair.split("=", 2);
        if (parts.length != 2 || parts[0].isBlank()) {
          throw invalid(key, "must look like name=value,name=value");
        }
        strings.put(parts[0].trim(), parts[1]);
      }
      return Collections.unmodifiableMap(strings);
    }
    if (!(value instanceof JsonObject object)) {
      throw invalid(key, "must be an object of strings");
    }
    for (Map.Entry<String, Object> entry : object) {
      Object item = entry.getValue();
      if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
        throw invalid(key + "." + entry.getKey(), "must be a string");
      }
      strings.put(entry.getKey(), item.toString());
    }
    return Collections.unmodifiableMap(strings);
  }

  /** The error for key {@code key}, for checks the reader cannot make itself. */
  public ConfigException invalid(String key, String why) {
    return new ConfigException("invalid config " + section + "." + key + ": " + why);
  }

  /**
   * Fails when the JSON holds a key that was never read.
   *
   * @throws ConfigException naming every unknown key
   */
  public void requireAllKnown() {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown config key" + (unknown.size() > 1 ? "s " : " ") + section + "."
              + String.join(", " + section + ".", unknown) + " (known: " + String.join(", ", read) + ")");
    }
  }

  private static String plain(double n) {
    return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
  }

  private Object take(String key) {
    read.add(key);
    return json.getValue(key);
  }
}
