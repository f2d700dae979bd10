package io.mezzo.agent.fetcher;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of the fetcher's cache: which entries it holds, how large each is, which
 * are in use, and which to evict, least recently used first, so that the cache never holds
 * more than its capacity. An entry in use (being copied or unpacked into a sandbox) is never
 * evicted. Pure and single-threaded: the fetcher calls it on its event loop.
 */
final class CacheIndex {
  private static final class Entry {
    final long size;
    int users;

    Entry(long size) {
      this.size = size;
    }
  }

  private final long capacity;
  /** In access order: the first entry is the least recently used. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long used;

  CacheIndex(long capacity) {
    this.capacity = capacity;
  }

  /**
   * Takes back an entry found on disk at start; call in order of last use, oldest first.
   *
   * @return the keys to delete from disk so that the cache fits its capacity again
   */
  List<String> restore(String key, long size) {
    entries.put(key, new Entry(size));
    used += size;
    return evict(0);
  }

  /** Whether {@code key} is cached; if so it becomes the most recently used and is pinned until {@link #release}. */
  boolean acquire(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    entry.users++;
    return true;
  }

  /** Unpins an entry taken with {@link #acquire} or {@link #admit}. */
  void release(String key) {
    Entry entry = entries.get(key);
    if (entry != null && entry.users > 0) {
      entry.users--;
    }
  }

  /**
   * Makes room for a new entry of {@code size} bytes and adds it, pinned; or refuses it
   * (returns null, changing nothing) when it could only fit by evicting entries in use, or
   * not at all.
   *
   * @return the keys evicted, to delete from disk
   */
  List<String> admit(String key, long size) {
    if (size > capacity || entries.containsKey(key)) {
      return null;
    }
    long freeable = capacity - used;
    for (Entry entry : entries.values()) {
      if (entry.users == 0) {
        freeable += entry.size;
      }
    }
    if (freeable < size) {
      return null;
    }
    List<String> evicted = evict(size);
    Entry entry = new Entry(size);
    entry.users = 1;
    entries.put(key, entry);
    used += size;
    return evicted;
  }

  /** Bytes held. */
  long used() {
    return used;
  }

  /** How many entries are held. */
  int size() {
    return entries.size();
  }

  /** Whether {@code key} is held, without touching its place in the order. */
  boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** Evicts unpinned entries, least recently used first, until {@code room} more bytes fit. */
  private List<String> evict(long room) {
    List<String> evicted = new ArrayList<>();
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (used + room > capacity && it.hasNext()) {
      Map.Entry<String, Entry> next = it.next();
      if (next.getValue().users == 0) {
        used -= next.getValue().size;
        evicted.add(next.getKey());
        it.remove();
      }
    }
    return evicted;
  }
}
