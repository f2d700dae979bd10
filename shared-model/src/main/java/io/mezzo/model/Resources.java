package io.mezzo.model;

import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An immutable bag of resources keyed by name and role: scalars ({@code cpus}, {@code mem},
 * {@code disk}, custom ones such as {@code net_mbps}), ranges ({@code ports}) and sets.
 *
 * <p>Scalars are fixed-point thousandths, so adding and subtracting never drifts the way
 * doubles do. Empty quantities are dropped, so two bags that hold the same resources are
 * equal. A name has one type throughout a bag; the well-known names have fixed types.
 */
public final class Resources {
  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  /** Largest scalar accepted, far above any real machine and far below overflow. */
  static final double MAX_SCALAR = 1e12;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final Pattern ROLE = Pattern.compile("\\*|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Map<String, Value.Type> WELL_KNOWN =
      Map.of(
          "cpus", Value.Type.SCALAR,
          "mem", Value.Type.SCALAR,
          "disk", Value.Type.SCALAR,
          "gpus", Value.Type.SCALAR,
          "ports", Value.Type.RANGES);

  private static final Resources EMPTY = new Resources(Collections.emptySortedMap());

  /** One resource's identity: its name and the role it is reserved for. */
  public record Key(String name, String role) implements Comparable<Key> {
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
    }

    @Override
    public int compareTo(Key o) {
      int byName = name.compareTo(o.name);
      return byName != 0 ? byName : role.compareTo(o.role);
    }

    @Override
    public String toString() {
      return UNRESERVED.equals(role) ? name : name + "(" + role + ")";
    }
  }

  private final SortedMap<Key, ResourceValue> entries;

  private Resources(SortedMap<Key, ResourceValue> entries) {
    this.entries = entries;
  }

  public static Resources empty() {
    return EMPTY;
  }

  /** Unreserved scalar resource {@code name} of {@code amount}. */
  public static Resources scalar(String name, double amount) {
    return builder().scalar(name, UNRESERVED, amount).build();
  }

  /** Unreserved ranges resource {@code name} holding {@code [begin, end]}. */
  public static Resources range(String name, long begin, long end) {
    return builder().ranges(name, UNRESERVED, new long[] {begin, end}).build();
  }

  /**
   * Parses a Mesos-style resource string such as
   * {@code cpus:4;mem:8192;ports:[31000-32000];disk(ads):100;gpu_ids:{gpu0,gpu1}}. As in
   * Mesos, {@code gpus} is a count ({@code gpus:2}); device IDs need a set of another name.
   *
   * @throws InvalidResourcesException naming the part that is wrong
   */
  public static Resources parse(String text) {
    return ResourceParser.parseResources(text);
  }

  /**
   * Converts resource messages, validating every one.
   *
   * @throws InvalidResourcesException naming the resource that is wrong
   */
  public static Resources fromProto(List<Resource> resources) {
    Builder builder = builder();
    for (Resource resource : resources) {
      builder.add(resource);
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code role} is a valid role name: {@code *} or letters, digits, _ . - . */
  public static boolean isValidRole(String role) {
    return role != null && ROLE.matcher(role).matches();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The keys present, in name then role order. */
  public List<Key> keys() {
    return List.copyOf(entries.keySet());
  }

  /** The type of the resource called {@code name}, or null when absent. */
  public Value.Type typeOf(String name) {
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getKey().name.equals(name)) {
        return entry.getValue().type();
      }
    }
    return null;
  }

  /** The scalar {@code name} summed over all roles, in thousandths. */
  public long scalarMillis(String name) {
    long total = 0;
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getKey().name.equals(name) && entry.getValue() instanceof ResourceValue.Scalar s) {
        total += s.millis();
      }
    }
    return total;
  }

  /** The scalar {@code name} summed over all roles. */
  public double scalar(String name) {
    return scalarMillis(name) / 1000.0;
  }

  /** Every scalar summed over roles, by name, in thousandths: what DRF shares are made of. */
  public Map<String, Long> scalarQuantities() {
    Map<String, Long> quantities = new HashMap<>();
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getValue() instanceof ResourceValue.Scalar s) {
        quantities.merge(entry.getKey().name, s.millis(), Long::sum);
      }
    }
    return quantities;
  }

  /**
   * The ranges of {@code name} over all roles as {@code [begin, end]} pairs, in ascending
   * order; empty when absent.
   */
  public List<long[]> ranges(String name) {
    List<long[]> ranges = new ArrayList<>();
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getKey().name.equals(name) && entry.getValue() instanceof RangeSet set) {
        for (int i = 0; i < set.rangeCount(); i++) {
          ranges.add(new long[] {set.begin(i), set.end(i)});
        }
      }
    }
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    return ranges;
  }

  /** The items of set resource {@code name} over all roles; empty when absent. */
  public List<String> items(String name) {
    List<String> items = new ArrayList<>();
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getKey().name.equals(name) && entry.getValue() instanceof ItemSet set) {
        items.addAll(set.items());
      }
    }
    return items;
  }

  /**
   * The sum of both bags. Scalars add up; ranges and sets join as unions, as in Mesos (a port
   * is one thing, it cannot be held twice), so {@code a.plus(b).minus(b)} equals {@code a}
   * only when they share no port or item.
   */
  public Resources plus(Resources other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeMap<Key, ResourceValue> sum = new TreeMap<>(entries);
    for (Map.Entry<Key, ResourceValue> entry : other.entries.entrySet()) {
      checkSameType(sum, entry.getKey(), entry.getValue());
      sum.merge(entry.getKey(), entry.getValue(), ResourceValue::plus);
    }
    return new Resources(Collections.unmodifiableSortedMap(sum));
  }

  /**
   * This bag less {@code other}.
   *
   * @throws IllegalArgumentException when this bag does not contain {@code other}: taking
   *     away what is not there is always a bookkeeping bug
   */
  public Resources minus(Resources other) {
    if (other.isEmpty()) {
      return this;
    }
    if (!contains(other)) {
      throw new IllegalArgumentException(this + " does not contain " + other);
    }
    TreeMap<Key, ResourceValue> rest = new TreeMap<>(entries);
    for (Map.Entry<Key, ResourceValue> entry : other.entries.entrySet()) {
      ResourceValue left = rest.get(entry.getKey()).minus(entry.getValue());
      if (left.isEmpty()) {
        rest.remove(entry.getKey());
      } else {
        rest.put(entry.getKey(), left);
      }
    }
    return new Resources(Collections.unmodifiableSortedMap(rest));
  }

  /** Whether every resource in {@code other} is also here, under the same name and role. */
  public boolean contains(Resources other) {
    for (Map.Entry<Key, ResourceValue> entry : other.entries.entrySet()) {
      ResourceValue mine = entries.get(entry.getKey());
      if (mine == null
          || mine.type() != entry.getValue().type()
          || !mine.contains(entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** What both bags hold, name by name and role by role: a bag contained in each of them. */
  public Resources intersection(Resources other) {
    TreeMap<Key, ResourceValue> common = new TreeMap<>();
    other.entries.forEach(
        (key, theirs) -> {
          ResourceValue mine = entries.get(key);
          if (mine != null && mine.type() == theirs.type()) {
            ResourceValue both = mine.intersect(theirs);
            if (!both.isEmpty()) {
              common.put(key, both);
            }
          }
        });
    return common.isEmpty() ? EMPTY : new Resources(Collections.unmodifiableSortedMap(common));
  }

  /** The resources whose role passes {@code test}. */
  public Resources filterRoles(Predicate<String> test) {
    TreeMap<Key, ResourceValue> kept = new TreeMap<>();
    entries.forEach(
        (key, value) -> {
          if (test.test(key.role)) {
            kept.put(key, value);
          }
        });
    return kept.size() == entries.size()
        ? this
        : new Resources(Collections.unmodifiableSortedMap(kept));
  }

  /** What a framework in {@code role} may use: unreserved resources and those reserved for it. */
  public Resources allocatableTo(String role) {
    return filterRoles(r -> r.equals(UNRESERVED) || r.equals(role));
  }

  /** The resources of the given names only, all roles. */
  public Resources named(String... names) {
    List<String> wanted = List.of(names);
    TreeMap<Key, ResourceValue> kept = new TreeMap<>();
    entries.forEach(
        (key, value) -> {
          if (wanted.contains(key.name)) {
            kept.put(key, value);
          }
        });
    return new Resources(Collections.unmodifiableSortedMap(kept));
  }

  /** The resource messages for this bag, in name then role order. */
  public List<Resource> toProto() {
    List<Resource> out = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> out.add(toProto(key, value)));
    return out;
  }

  private static Resource toProto(Key key, ResourceValue value) {
    Resource.Builder resource =
        Resource.newBuilder().setName(key.name).setType(value.type()).setRole(key.role);
    if (value instanceof ResourceValue.Scalar s) {
      resource.setScalar(Value.Scalar.newBuilder().setValue(s.value()));
    } else if (value instanceof RangeSet set) {
      Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
      for (int i = 0; i < set.rangeCount(); i++) {
        ranges.addRange(Value.Range.newBuilder().setBegin(set.begin(i)).setEnd(set.end(i)));
      }
      resource.setRanges(ranges);
    } else if (value instanceof ItemSet set) {
      resource.setSet(Value.Set.newBuilder().addAllItem(set.items()));
    }
    return resource.build();
  }

  /** The resource-string form, which {@link #parse} reads back to an equal bag. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    entries.forEach(
        (key, value) -> {
          if (text.length() > 0) {
            text.append(';');
          }
          text.append(key).append(':').append(value.format());
        });
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resources other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  private static void checkSameType(Map<Key, ResourceValue> entries, Key key, ResourceValue value) {
    for (Map.Entry<Key, ResourceValue> entry : entries.entrySet()) {
      if (entry.getKey().name.equals(key.name) && entry.getValue().type() != value.type()) {
        throw new InvalidResourcesException(
            "resource '" + key.name + "' is both " + entry.getValue().type() + " and " + value.type());
      }
    }
  }

  /** Accumulates validated resources; repeated keys add up. */
  public static final class Builder {
    private final TreeMap<Key, ResourceValue> entries = new TreeMap<>();

    private Builder() {}

    public Builder scalar(String name, String role, double amount) {
      if (!Double.isFinite(amount) || amount < 0 || amount > MAX_SCALAR) {
        throw new InvalidResourcesException(
            "resource '" + name + "' has invalid value " + amount + " (must be between 0 and 1e12)");
      }
      return put(name, role, ResourceValue.Scalar.of(amount));
    }

    /** Adds ranges given as {@code [begin, end]} pairs. */
    public Builder ranges(String name, String role, long[] pairs) {
      return put(name, role, RangeSet.of(pairs));
    }

    public Builder set(String name, String role, List<String> items) {
      for (String item : items) {
        if (item.isEmpty() || item.length() > 256) {
          throw new InvalidResourcesException("resource '" + name + "' has an empty or overlong item");
        }
        // ',' and ';' separate items and resources in the text form, which also trims
        // items: such an item would not survive toString() and parse().
        if (item.indexOf(',') >= 0 || item.indexOf(';') >= 0 || !item.equals(item.trim())) {
          throw new InvalidResourcesException(
              "resource '" + name + "' has item '" + item + "' (no ',' or ';', no surrounding blanks)");
        }
      }
      return put(name, role, ItemSet.of(items));
    }

    /** Adds the resources of {@code other}. */
    public Builder add(Resources other) {
      other.entries.forEach((key, value) -> put(key.name, key.role, value));
      return this;
    }

    /** Adds one resource message after checking it. */
    public Builder add(Resource resource) {
      String name = resource.getName();
      String role = resource.getRole();
      if (!resource.hasType()) {
        throw new InvalidResourcesException("resource '" + name + "' has no type");
      }
      switch (resource.getType()) {
        case SCALAR -> {
          if (!resource.hasScalar() || resource.hasRanges() || resource.hasSet()) {
            throw new InvalidResourcesException("scalar resource '" + name + "' needs exactly a scalar value");
          }
          scalar(name, role, resource.getScalar().getValue());
        }
        case RANGES -> {
          if (!resource.hasRanges() || resource.hasScalar() || resource.hasSet()) {
            throw new InvalidResourcesException("ranges resource '" + name + "' needs exactly a ranges value");
          }
          List<Value.Range> ranges = resource.getRanges().getRangeList();
          long[] pairs = new long[ranges.size() * 2];
          for (int i = 0; i < ranges.size(); i++) {
            pairs[2 * i] = ranges.get(i).getBegin();
            pairs[2 * i + 1] = ranges.get(i).getEnd();
          }
          ranges(name, role, pairs);
        }
        case SET -> {
          if (!resource.hasSet() || resource.hasScalar() || resource.hasRanges()) {
            throw new InvalidResourcesException("set resource '" + name + "' needs exactly a set value");
          }
          set(name, role, resource.getSet().getItemList());
        }
        default -> throw new InvalidResourcesException(
            "resource '" + name + "' has unsupported type " + resource.getType());
      }
      return this;
    }

    private Builder put(String name, String role, ResourceValue value) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidResourcesException(
            "invalid resource name '" + name + "' (letters, digits, '_', '.', '-'; at most 64)");
      }
      if (role == null || !ROLE.matcher(role).matches()) {
        throw new InvalidResourcesException("resource '" + name + "' has invalid role '" + role + "'");
      }
      Value.Type expected = WELL_KNOWN.get(name);
      if (expected != null && expected != value.type()) {
        throw new InvalidResourcesException(
            "resource '" + name + "' must be " + expected + ", not " + value.type());
      }
      Key key = new Key(name, role);
      checkSameType(entries, key, value);
      ResourceValue sum = entries.containsKey(key) ? entries.get(key).plus(value) : value;
      if (sum.isEmpty()) {
        entries.remove(key);
      } else {
        entries.put(key, sum);
      }
      return this;
    }

    public Resources build() {
      return entries.isEmpty() ? EMPTY : new Resources(Collections.unmodifiableSortedMap(new TreeMap<>(entries)));
    }
  }
}
