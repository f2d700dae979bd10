package io.mezzo.model;

import io.mezzo.v1.Attribute;
import io.mezzo.v1.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Mesos text forms: resources ({@code cpus:4;mem:8192;ports:[31000-32000];
 * disk(ads):10;gpu_ids:{gpu0,gpu1}}) and attributes ({@code rack:a;zone:2;slots:[1-4]}).
 */
final class ResourceParser {
  /** Longest string accepted, so a flag or a config value cannot make us allocate without bound. */
  static final int MAX_LENGTH = 64 * 1024;

  private static final Pattern RESOURCE = Pattern.compile("([^:()]+)(?:\\(([^)]*)\\))?:(.*)", Pattern.DOTALL);
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private ResourceParser() {}

  static Resources parseResources(String text) {
    Resources.Builder builder = Resources.builder();
    for (String part : split(text, "resources")) {
      Matcher m = RESOURCE.matcher(part);
      if (!m.matches()) {
        throw new InvalidResourcesException(
            "invalid resource '" + part + "': expected name:value or name(role):value");
      }
      String name = m.group(1).trim();
      String role = m.group(2) == null ? Resources.UNRESERVED : m.group(2).trim();
      String value = m.group(3).trim();
      try {
        if (value.startsWith("[")) {
          builder.ranges(name, role, parseRanges(value));
        } else if (value.startsWith("{")) {
          builder.set(name, role, parseItems(value));
        } else {
          builder.scalar(name, role, parseScalar(value));
        }
      } catch (InvalidResourcesException e) {
        throw new InvalidResourcesException("invalid resource '" + part + "': " + e.getMessage());
      }
    }
    return builder.build();
  }

  static List<Attribute> parseAttributes(String text) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    for (String part : split(text, "attributes")) {
      int colon = part.indexOf(':');
      if (colon <= 0) {
        throw new InvalidResourcesException("invalid attribute '" + part + "': expected name:value");
      }
      String name = part.substring(0, colon).trim();
      String value = part.substring(colon + 1).trim();
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new InvalidResourcesException("invalid attribute name '" + name + "'");
      }
      if (value.isEmpty()) {
        throw new InvalidResourcesException("attribute '" + name + "' has no value");
      }
      if (attributes.containsKey(name)) {
        throw new InvalidResourcesException("attribute '" + name + "' is given twice");
      }
      Attribute.Builder attribute = Attribute.newBuilder().setName(name);
      try {
        if (value.startsWith("[")) {
          RangeSet set = RangeSet.of(parseRanges(value));
          Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
          for (int i = 0; i < set.rangeCount(); i++) {
            ranges.addRange(Value.Range.newBuilder().setBegin(set.begin(i)).setEnd(set.end(i)));
          }
          attribute.setType(Value.Type.RANGES).setRanges(ranges);
        } else if (NUMBER.matcher(value).matches()) {
          attribute.setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(attributeScalar(value)));
        } else {
          attribute.setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value));
        }
      } catch (InvalidResourcesException e) {
        throw new InvalidResourcesException("invalid attribute '" + part + "': " + e.getMessage());
      }
      attributes.put(name, attribute.build());
    }
    return List.copyOf(attributes.values());
  }

  private static List<String> split(String text, String what) {
    if (text == null) {
      throw new InvalidResourcesException(what + " string is missing");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidResourcesException(what + " string is longer than " + MAX_LENGTH + " characters");
    }
    List<String> parts = new ArrayList<>();
    for (String part : text.split(";")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }

  private static double parseScalar(String value) {
    if (!NUMBER.matcher(value).matches()) {
      throw new InvalidResourcesException("'" + value + "' is not a non-negative number");
    }
    return Double.parseDouble(value);
  }

  /**
   * An attribute scalar bounded and rounded to thousandths like a resource scalar: format()
   * prints thousandths, so a finer or unbounded value would not read back as itself.
   */
  private static double attributeScalar(String value) {
    double amount = parseScalar(value);
    if (amount > Resources.MAX_SCALAR) {
      throw new InvalidResourcesException("'" + value + "' is larger than 1e12");
    }
    return ResourceValue.Scalar.of(amount).value();
  }

  private static long[] parseRanges(String value) {
    if (!value.endsWith("]")) {
      throw new InvalidResourcesException("ranges must look like [31000-32000,33000-33005]");
    }
    String body = value.substring(1, value.length() - 1).trim();
    if (body.isEmpty()) {
      return new long[0];
    }
    String[] ranges = body.split(",");
    long[] pairs = new long[ranges.length * 2];
    for (int i = 0; i < ranges.length; i++) {
      String range = ranges[i].trim();
      int dash = range.indexOf('-');
      String begin = dash < 0 ? range : range.substring(0, dash).trim();
      String end = dash < 0 ? range : range.substring(dash + 1).trim();
      pairs[2 * i] = parseBound(begin);
      pairs[2 * i + 1] = parseBound(end);
      if (pairs[2 * i] > pairs[2 * i + 1]) {
        throw new InvalidResourcesException("range '" + range + "' ends before it begins");
      }
    }
    return pairs;
  }

  private static long parseBound(String bound) {
    // Accept every bound a RangeSet can hold (toProto/fromProto allow up to MAX_BOUND), so
    // that each bag's toString() parses back. ASCII digits only: Long.parseLong would also
    // take other scripts' digits.
    if (bound.isEmpty() || bound.length() > 19 || !bound.chars().allMatch(c -> c >= '0' && c <= '9')
        || (bound.length() == 19 && bound.compareTo(Long.toString(RangeSet.MAX_BOUND)) > 0)) {
      throw new InvalidResourcesException(
          "'" + bound + "' is not a range bound (0 to " + RangeSet.MAX_BOUND + ")");
    }
    return Long.parseLong(bound);
  }

  private static List<String> parseItems(String value) {
    if (!value.endsWith("}")) {
      throw new InvalidResourcesException("sets must look like {a,b,c}");
    }
    List<String> items = new ArrayList<>();
    for (String item : value.substring(1, value.length() - 1).split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }
}
