package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The offer filters installed on one agent, keyed by framework index (small, dense, never
 * 0), with Mesos's RefusedOfferFilter meaning: a filter holds back an offer that its
 * refused resources contain, until it expires.
 *
 * <p>An allocation cycle asks about every (agent, framework) pair it visits, which at
 * 10,000 agents x 3,000 frameworks is 30 million questions when everything is filtered.
 * So the answers are kept as one bit per framework, valid for one content of the agent's
 * available resources ({@code version}) and until the earliest expiry among the covering
 * filters: a question is then one bit test. When the bits go stale they are rebuilt in one
 * sequential pass over an open-addressed table of primitive arrays (the first filter of
 * each framework lives in the arrays; further ones, rare, in a short overflow list).
 * Refusals are interned and remember their last answer, so a rebuild does about one
 * {@link Resources} comparison per distinct refusal, not per framework. Expired filters are
 * dropped by the rebuild that comes across them.
 */
final class OfferFilters {
  /**
   * What the agent would offer to a framework of a role, whatever the minimums; null when it
   * would offer nothing.
   */
  interface Offers {
    Resources offerFor(String role);
  }

  /** Filters kept per framework; a new one first evicts those it makes redundant. */
  static final int MAX_PER_FRAMEWORK = 4;

  private static final int EMPTY = 0;
  private static final int MAX_INTERNED = 256;

  /**
   * A refusal, shared by every filter on this agent that refused the same resources, with
   * the answer for the last offer it was compared with: a rebuild then does one {@link
   * Resources} comparison per distinct refusal, not one per framework.
   */
  private static final class Refusal {
    final Resources resources;
    Resources checkedOffer;
    boolean contains;

    Refusal(Resources resources) {
      this.resources = resources;
    }

    boolean contains(Resources offer) {
      if (offer != checkedOffer) {
        checkedOffer = offer;
        contains = resources.contains(offer);
      }
      return contains;
    }
  }

  /** A framework's second and later filters. */
  private static final class Filter {
    final Refusal refused;
    final long expiresAt;
    Filter next;

    Filter(Refusal refused, long expiresAt, Filter next) {
      this.refused = refused;
      this.expiresAt = expiresAt;
      this.next = next;
    }
  }

  private int[] keys = new int[8];
  private String[] roles = new String[8];
  private Refusal[] refused = new Refusal[8];
  private long[] expiresAt = new long[8];
  private Filter[] more = new Filter[8];
  private int size;
  private int filterCount;

  private final Map<Resources, Refusal> canonical = new HashMap<>();

  // Bit k: framework k is covered at `bitsVersion` until at least `bitsUntil`.
  private long[] coveredBits = new long[1];
  private long bitsVersion;
  private boolean bitsBounded;
  private long bitsUntil;

  /** The number of filters held, expired or not. */
  int filterCount() {
    return filterCount;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Makes {@link #covered} answer for agent version {@code version} (positive) at {@code
   * now}, rebuilding the bits if they were computed for another version or have expired.
   */
  void prepare(long version, long now, Offers offers) {
    if (bitsVersion == version && !(bitsBounded && now - bitsUntil >= 0)) {
      return;
    }
    Arrays.fill(coveredBits, 0);
    bitsVersion = version;
    bitsBounded = false;
    int[] emptied = null;
    int emptiedCount = 0;
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != EMPTY && !evaluate(slot, offers, now)) {
        if (emptied == null) {
          emptied = new int[size];
        }
        emptied[emptiedCount++] = keys[slot];
      }
    }
    // Deleting shifts later entries back, so it waits until the pass is over.
    for (int i = 0; i < emptiedCount; i++) {
      delete(find(emptied[i]));
    }
  }

  /** Whether framework {@code key} is filtered, as of the last {@link #prepare}. */
  boolean covered(int key) {
    int word = key >>> 6;
    return word < coveredBits.length && (coveredBits[word] & (1L << key)) != 0;
  }

  /** Whether any framework is covered, that is whether {@link #coveredUntil()} means anything. */
  boolean anyCovered() {
    return bitsBounded;
  }

  /** Until when every covered framework stays covered at least (some stay longer). */
  long coveredUntil() {
    return bitsUntil;
  }

  /**
   * Installs a filter for framework {@code key} of {@code role}, keeping the older ones it
   * does not make redundant, and brings its bit up to date if the bits are for {@code
   * version}.
   */
  void add(int key, String role, Resources refusal, long expires, long now, long version, Offers offers) {
    Refusal interned = intern(refusal);
    int slot = find(key);
    Filter older = null;
    if (slot < 0) {
      slot = insert(key);
      roles[slot] = role;
    } else {
      older = new Filter(refused[slot], expiresAt[slot], more[slot]);
    }
    refused[slot] = interned;
    expiresAt[slot] = expires;
    filterCount++;
    // Keep the older filters the new one does not make redundant, up to the cap: an older
    // refusal the new one contains, for no longer, can never hold back anything more.
    Filter kept = null;
    Filter tail = null;
    int count = 1;
    for (Filter old = older; old != null; old = old.next) {
      boolean expired = now - old.expiresAt >= 0;
      boolean redundant =
          interned.resources.contains(old.refused.resources) && expires - old.expiresAt >= 0;
      if (expired || redundant || count == MAX_PER_FRAMEWORK) {
        filterCount--;
        continue;
      }
      Filter copy = new Filter(old.refused, old.expiresAt, null);
      if (tail == null) {
        kept = copy;
      } else {
        tail.next = copy;
      }
      tail = copy;
      count++;
    }
    more[slot] = kept;
    // Evicting beyond the cap may uncover something, so the bit is recomputed, not just set.
    clearBit(key);
    if (bitsVersion == version
        && !(bitsBounded && now - bitsUntil >= 0)
        && !evaluate(slot, offers, now)) {
      delete(slot);
    }
  }

  /** Drops every filter of framework {@code key}. */
  void removeAll(int key) {
    clearBit(key);
    int slot = find(key);
    if (slot >= 0) {
      filterCount--;
      for (Filter f = more[slot]; f != null; f = f.next) {
        filterCount--;
      }
      delete(slot);
    }
  }

  /**
   * Drops the slot's expired filters and sets its bit if a remaining one covers the offer
   * to its role; returns false when no filter remains (the caller deletes the slot).
   */
  private boolean evaluate(int slot, Offers offers, long now) {
    Filter previous = null;
    for (Filter f = more[slot]; f != null; f = f.next) {
      if (now - f.expiresAt >= 0) {
        filterCount--;
        if (previous == null) {
          more[slot] = f.next;
        } else {
          previous.next = f.next;
        }
      } else {
        previous = f;
      }
    }
    if (now - expiresAt[slot] >= 0) {
      filterCount--;
      Filter next = more[slot];
      if (next == null) {
        return false;
      }
      refused[slot] = next.refused;
      expiresAt[slot] = next.expiresAt;
      more[slot] = next.next;
    }
    Resources offer = offers.offerFor(roles[slot]);
    if (offer == null) {
      return true;
    }
    boolean covered = refused[slot].contains(offer);
    long until = expiresAt[slot];
    for (Filter f = more[slot]; f != null; f = f.next) {
      if ((!covered || f.expiresAt - until > 0) && f.refused.contains(offer)) {
        covered = true;
        until = f.expiresAt;
      }
    }
    if (covered) {
      setBit(keys[slot]);
      if (!bitsBounded || until - bitsUntil < 0) {
        bitsBounded = true;
        bitsUntil = until;
      }
    }
    return true;
  }

  private Refusal intern(Resources refusal) {
    Refusal known = canonical.get(refusal);
    if (known != null) {
      return known;
    }
    Refusal fresh = new Refusal(refusal);
    // Bounded: past this many distinct refusals, new ones are simply not shared.
    if (canonical.size() < MAX_INTERNED) {
      canonical.put(refusal, fresh);
    }
    return fresh;
  }

  private void setBit(int key) {
    int word = key >>> 6;
    if (word >= coveredBits.length) {
      coveredBits = Arrays.copyOf(coveredBits, Math.max(word + 1, coveredBits.length * 2));
    }
    coveredBits[word] |= 1L << key;
  }

  private void clearBit(int key) {
    int word = key >>> 6;
    if (word < coveredBits.length) {
      coveredBits[word] &= ~(1L << key);
    }
  }

  private static int hash(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private int find(int key) {
    int mask = keys.length - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == EMPTY) {
        return -1;
      }
    }
  }

  private int insert(int key) {
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    int i = hash(key) & mask;
    while (keys[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    size++;
    return i;
  }

  private void grow() {
    int[] oldKeys = keys;
    String[] oldRoles = roles;
    Refusal[] oldRefused = refused;
    long[] oldExpires = expiresAt;
    Filter[] oldMore = more;
    int capacity = keys.length * 2;
    keys = new int[capacity];
    roles = new String[capacity];
    refused = new Refusal[capacity];
    expiresAt = new long[capacity];
    more = new Filter[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = insert(oldKeys[i]);
        roles[slot] = oldRoles[i];
        refused[slot] = oldRefused[i];
        expiresAt[slot] = oldExpires[i];
        more[slot] = oldMore[i];
      }
    }
  }

  /** Linear-probing deletion by backward shift, so lookups never need tombstones. */
  private void delete(int slot) {
    int mask = keys.length - 1;
    int hole = slot;
    for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = hash(keys[j]) & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      boolean homeBetween = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!homeBetween) {
        keys[hole] = keys[j];
        roles[hole] = roles[j];
        refused[hole] = refused[j];
        expiresAt[hole] = expiresAt[j];
        more[hole] = more[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    roles[hole] = null;
    refused[hole] = null;
    more[hole] = null;
    size--;
    if (size == 0) {
      canonical.clear();
    }
  }
}
