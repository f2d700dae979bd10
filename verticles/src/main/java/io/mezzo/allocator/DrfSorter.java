package io.mezzo.allocator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.ToIntFunction;

/**
 * Orders clients (roles, or the frameworks of one role) by weighted dominant resource share,
 * as Mesos's DRF sorter does: a client's share is the largest, over the scalar kinds with a
 * non-zero pool total, of its allocation of that kind divided by the total, divided by the
 * client's weight. Ties go to the client that received fewer allocations, then to the
 * smaller ID, so the order is a total order and every run is reproducible.
 *
 * <p>Only active clients are ordered; inactive ones keep their allocations (which count in
 * whatever aggregates them) but are never handed out. Changes are applied lazily at the next
 * {@link #sorted()}: a client whose allocation changed is moved by binary search, and the
 * whole order is rebuilt only when it is dirty (pool totals, membership or activity
 * changed). The list {@link #sorted()} returns is therefore stable while the caller iterates
 * it and records allocations, which is what an allocation cycle needs.
 *
 * @param <T> what a client carries, handed back in sorted order
 */
public final class DrfSorter<T> {
  private static final class Entry<T> {
    final String id;
    final T client;
    final Map<String, Long> allocation = new HashMap<>();
    double weight;
    long allocations;
    boolean active;
    boolean pending;
    // The sort key as of the last settle: the order array is sorted by these, which is
    // what lets a pending entry be found by binary search before it is moved.
    double keyShare;
    long keyAllocations;

    Entry(String id, T client, double weight) {
      this.id = id;
      this.client = client;
      this.weight = weight;
    }
  }

  private final Map<String, Long> totals;
  private final ToIntFunction<? super T> tagOf;
  private final Map<String, Entry<T>> entries = new HashMap<>();
  private final List<Entry<T>> pending = new ArrayList<>();
  private final List<T> view = new SortedView();
  private Object[] order = new Object[16];
  // The tag of the client at each position of `order`: lets a hot loop walk the order over
  // a primitive array instead of chasing two references per client.
  private int[] tags = new int[16];
  private int sortedCount;
  private int activeCount;
  private boolean dirty;

  /**
   * Creates a sorter whose shares are relative to {@code totals}, a live view of the pool in
   * thousandths by scalar name; call {@link #totalsChanged()} whenever it changes.
   */
  public DrfSorter(Map<String, Long> totals) {
    this(totals, client -> 0);
  }

  /** Creates a sorter that also keeps an int {@code tag} of each client, read with {@link #tagAt}. */
  public DrfSorter(Map<String, Long> totals, ToIntFunction<? super T> tag) {
    this.totals = Objects.requireNonNull(totals, "totals");
    this.tagOf = Objects.requireNonNull(tag, "tag");
  }

  /** Adds an inactive client with no allocation. */
  public void add(String id, T client, double weight) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(client, "client");
    if (entries.containsKey(id)) {
      throw new IllegalArgumentException("client " + id + " is already in the sorter");
    }
    AllocatorConfig.checkWeight(id, weight);
    entries.put(id, new Entry<>(id, client, weight));
  }

  /** Forgets a client and its allocation; unknown IDs are ignored. */
  public void remove(String id) {
    Entry<T> entry = entries.remove(id);
    if (entry != null && entry.active) {
      activeCount--;
      dirty = true;
    }
  }

  /** Whether {@code id} is a client. */
  public boolean contains(String id) {
    return entries.containsKey(id);
  }

  /** The number of clients, active or not. */
  public int size() {
    return entries.size();
  }

  /** The number of active clients. */
  public int activeCount() {
    return activeCount;
  }

  /** Makes a client take part in the order, or leave it. */
  public void setActive(String id, boolean active) {
    Entry<T> entry = entry(id);
    if (entry.active != active) {
      entry.active = active;
      activeCount += active ? 1 : -1;
      dirty = true;
    }
  }

  /** Sets a client's weight; its share is divided by it. */
  public void setWeight(String id, double weight) {
    AllocatorConfig.checkWeight(id, weight);
    Entry<T> entry = entry(id);
    entry.weight = weight;
    touch(entry);
  }

  /**
   * Adds scalar quantities (thousandths by name) to a client's allocation; {@code counted}
   * says whether this was an allocation the tie-break should remember, as opposed to
   * resources already in use when they became known.
   */
  public void allocated(String id, Map<String, Long> quantities, boolean counted) {
    Entry<T> entry = entry(id);
    quantities.forEach((name, millis) -> entry.allocation.merge(name, millis, Math::addExact));
    if (counted) {
      entry.allocations++;
    }
    touch(entry);
  }

  /** Takes scalar quantities out of a client's allocation, which must hold them. */
  public void unallocated(String id, Map<String, Long> quantities) {
    Entry<T> entry = entry(id);
    quantities.forEach(
        (name, millis) -> {
          long left = entry.allocation.getOrDefault(name, 0L) - millis;
          if (left < 0) {
            throw new IllegalStateException(
                "client " + id + " would hold " + left + " of " + name + ": bookkeeping bug");
          }
          if (left == 0) {
            entry.allocation.remove(name);
          } else {
            entry.allocation.put(name, left);
          }
        });
    touch(entry);
  }

  /** Marks every share stale because the pool totals changed. */
  public void totalsChanged() {
    dirty = true;
  }

  /** A client's allocation in thousandths by scalar name; empty for unknown clients. */
  public Map<String, Long> allocation(String id) {
    Entry<T> entry = entries.get(id);
    return entry == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(entry.allocation));
  }

  /** A client's current weighted dominant share; 0 for unknown clients. */
  public double share(String id) {
    Entry<T> entry = entries.get(id);
    return entry == null ? 0 : share(entry);
  }

  /**
   * The active clients, lowest share first. The list is a view that stays as it is while
   * the caller records allocations; those take effect at the next call.
   */
  public List<T> sorted() {
    if (dirty) {
      rebuild();
    } else if (pending.size() == 1) {
      move(pending.get(0));
    } else if (!pending.isEmpty()) {
      for (Entry<T> entry : pending) {
        rekey(entry);
      }
      // TimSort finds the untouched runs, so a few displaced clients cost about O(n).
      sortOrder();
    }
    if (!pending.isEmpty()) {
      for (Entry<T> entry : pending) {
        entry.pending = false;
      }
      pending.clear();
    }
    return view;
  }

  /** The tag of the client at {@code position} in the list the last {@link #sorted()} returned. */
  public int tagAt(int position) {
    Objects.checkIndex(position, sortedCount);
    return tags[position];
  }

  private Entry<T> entry(String id) {
    Entry<T> entry = entries.get(id);
    if (entry == null) {
      throw new IllegalArgumentException("unknown client " + id);
    }
    return entry;
  }

  private void touch(Entry<T> entry) {
    // An inactive client is not in the order, and a dirty order is rebuilt from scratch.
    if (entry.active && !dirty && !entry.pending) {
      entry.pending = true;
      pending.add(entry);
    }
  }

  private double share(Entry<T> entry) {
    double dominant = 0;
    for (Map.Entry<String, Long> held : entry.allocation.entrySet()) {
      Long total = totals.get(held.getKey());
      if (total != null && total > 0) {
        dominant = Math.max(dominant, (double) held.getValue() / total);
      }
    }
    return dominant / entry.weight;
  }

  private void rekey(Entry<T> entry) {
    entry.keyShare = share(entry);
    entry.keyAllocations = entry.allocations;
  }

  private void rebuild() {
    if (order.length < activeCount) {
      order = new Object[Math.max(activeCount, order.length * 2)];
      tags = new int[order.length];
    }
    int count = 0;
    for (Entry<T> entry : entries.values()) {
      if (entry.active) {
        rekey(entry);
        order[count++] = entry;
      }
    }
    Arrays.fill(order, count, Math.max(count, sortedCount), null);
    sortedCount = count;
    sortOrder();
    dirty = false;
  }

  @SuppressWarnings("unchecked")
  private void sortOrder() {
    Arrays.sort(order, 0, sortedCount, (a, b) -> compare((Entry<T>) a, (Entry<T>) b));
    for (int i = 0; i < sortedCount; i++) {
      tags[i] = tagOf.applyAsInt(((Entry<T>) order[i]).client);
    }
  }

  /** Moves one re-keyed client to its place: two array shifts and two binary searches. */
  private void move(Entry<T> entry) {
    int from = search(entry, sortedCount);
    System.arraycopy(order, from + 1, order, from, sortedCount - from - 1);
    System.arraycopy(tags, from + 1, tags, from, sortedCount - from - 1);
    rekey(entry);
    int to = -search(entry, sortedCount - 1) - 1;
    System.arraycopy(order, to, order, to + 1, sortedCount - 1 - to);
    System.arraycopy(tags, to, tags, to + 1, sortedCount - 1 - to);
    order[to] = entry;
    tags[to] = tagOf.applyAsInt(entry.client);
  }

  /** Binary search by sort key among the first {@code count}; as Arrays.binarySearch. */
  @SuppressWarnings("unchecked")
  private int search(Entry<T> entry, int count) {
    int low = 0;
    int high = count - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp = compare((Entry<T>) order[mid], entry);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  private static int compare(Entry<?> a, Entry<?> b) {
    int byShare = Double.compare(a.keyShare, b.keyShare);
    if (byShare != 0) {
      return byShare;
    }
    int byCount = Long.compare(a.keyAllocations, b.keyAllocations);
    return byCount != 0 ? byCount : a.id.compareTo(b.id);
  }

  private final class SortedView extends AbstractList<T> implements RandomAccess {
    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
      Objects.checkIndex(index, sortedCount);
      return ((Entry<T>) order[index]).client;
    }

    @Override
    public int size() {
      return sortedCount;
    }
  }
}
