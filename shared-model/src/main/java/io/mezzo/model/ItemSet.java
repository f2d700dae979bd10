package io.mezzo.model;

import io.mezzo.v1.Value;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A set of named items, such as GPU device IDs ({@code {gpu0,gpu1}}). */
final class ItemSet implements ResourceValue {
  static final ItemSet EMPTY = new ItemSet(Collections.emptySortedSet());

  private final SortedSet<String> items;

  private ItemSet(SortedSet<String> items) {
    this.items = items;
  }

  static ItemSet of(Collection<String> items) {
    return new ItemSet(Collections.unmodifiableSortedSet(new TreeSet<>(items)));
  }

  SortedSet<String> items() {
    return items;
  }

  @Override
  public Value.Type type() {
    return Value.Type.SET;
  }

  @Override
  public boolean isEmpty() {
    return items.isEmpty();
  }

  @Override
  public ResourceValue plus(ResourceValue other) {
    TreeSet<String> sum = new TreeSet<>(items);
    sum.addAll(((ItemSet) other).items);
    return new ItemSet(Collections.unmodifiableSortedSet(sum));
  }

  @Override
  public ResourceValue minus(ResourceValue other) {
    TreeSet<String> rest = new TreeSet<>(items);
    rest.removeAll(((ItemSet) other).items);
    return new ItemSet(Collections.unmodifiableSortedSet(rest));
  }

  @Override
  public boolean contains(ResourceValue other) {
    return items.containsAll(((ItemSet) other).items);
  }

  @Override
  public ResourceValue intersect(ResourceValue other) {
    TreeSet<String> common = new TreeSet<>(items);
    common.retainAll(((ItemSet) other).items);
    return new ItemSet(Collections.unmodifiableSortedSet(common));
  }

  @Override
  public String format() {
    return "{" + String.join(",", items) + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemSet other && items.equals(other.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}
