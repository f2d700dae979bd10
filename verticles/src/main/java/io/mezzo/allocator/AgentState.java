package io.mezzo.allocator;

import io.mezzo.model.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** What the allocator knows about one agent: its total, what is free, who holds the rest. */
final class AgentState implements OfferFilters.Offers {
  private static final int RECENT = 3;

  final String id;
  final Resources total;
  /** What each framework holds here; the same objects as in the allocator's index. */
  final Map<String, Resources> allocated = new HashMap<>();

  private Resources available;
  // Whether `available` holds anything, kept here so that a cycle's pass over thousands of
  // agents reads this object only, not the resources behind it.
  private boolean hasAvailable;
  // Names the content of `available`, uniquely across agents and time, so anything derived
  // from it (offers, filter answers, idleness) can be cached against it.
  private long version;
  // The last few contents and their versions. A declined offer brings `available` back to
  // what it was before the grant; taking that old version back keeps every cached filter
  // answer, so the framework-by-framework checks are not redone on every decline.
  private final Resources[] recent = new Resources[RECENT];
  private final long[] recentVersions = new long[RECENT];
  private int recentNext;
  private final Predicate<Resources> allocatable;
  private OfferFilters filters;

  // Derived from `available` at `derivedVersion`: the unreserved part and the roles that
  // hold reservations, so that a cycle does no Resources arithmetic for most roles.
  private long derivedVersion = -1;
  private Resources unreserved;
  private boolean unreservedAllocatable;
  private Set<String> reservedRoles;

  // Set when a full pass over this agent allocated nothing: until the version, the
  // allocator's eligibility epoch or the earliest filter expiry changes, nothing can.
  private long idleVersion = -1;
  private long idleEpoch;
  private boolean idleBounded;
  private long idleUntil;

  /** {@code allocatable} says whether an offer meets the configured minimums. */
  AgentState(
      String id,
      Resources total,
      Resources available,
      long version,
      Predicate<Resources> allocatable) {
    this.id = id;
    this.allocatable = allocatable;
    this.total = total;
    this.available = available;
    this.hasAvailable = !available.isEmpty();
    this.version = version;
    remember();
  }

  Resources available() {
    return available;
  }

  /** Whether anything is free here; the same as {@code !available().isEmpty()}, read without leaving this object. */
  boolean hasAvailable() {
    return hasAvailable;
  }

  long version() {
    return version;
  }

  /** Sets what is free; {@code freshVersion} names it unless it equals a recent content. */
  void setAvailable(Resources available, long freshVersion) {
    for (int i = 0; i < RECENT; i++) {
      if (recent[i] != null && recent[i].equals(available)) {
        // The old object too, so offers made from it stay identical.
        this.available = recent[i];
        this.hasAvailable = !available.isEmpty();
        this.version = recentVersions[i];
        return;
      }
    }
    this.available = available;
    this.hasAvailable = !available.isEmpty();
    this.version = freshVersion;
    remember();
  }

  private void remember() {
    recent[recentNext] = available;
    recentVersions[recentNext] = version;
    recentNext = (recentNext + 1) % RECENT;
  }

  /** The filters installed here, or null when there have never been any. */
  OfferFilters filtersOrNull() {
    return filters;
  }

  OfferFilters filters() {
    if (filters == null) {
      filters = new OfferFilters();
    }
    return filters;
  }

  /**
   * What a framework of {@code role} would be offered here, or null when that is nothing.
   * Whether it meets a minimum is asked apart ({@link #meetsMinimum}): a framework may bring
   * its own minimums, which replace the configured ones.
   */
  @Override
  public Resources offerFor(String role) {
    if (derivedVersion != version) {
      unreserved = available.allocatableTo(Resources.UNRESERVED);
      unreservedAllocatable = !unreserved.isEmpty() && allocatable.test(unreserved);
      reservedRoles = new HashSet<>();
      if (unreserved != available) {
        for (Resources.Key key : available.keys()) {
          if (!Resources.UNRESERVED.equals(key.role())) {
            reservedRoles.add(key.role());
          }
        }
      }
      derivedVersion = version;
    }
    if (reservedRoles.isEmpty() || !reservedRoles.contains(role)) {
      return unreserved.isEmpty() ? null : unreserved;
    }
    Resources offer = available.allocatableTo(role);
    return offer.isEmpty() ? null : offer;
  }

  /** Whether {@code offer}, as {@link #offerFor} returned it, meets the configured minimums. */
  boolean meetsMinimum(Resources offer) {
    // The unreserved offer, the common one, has its answer cached with it.
    return offer == unreserved ? unreservedAllocatable : allocatable.test(offer);
  }

  boolean isIdle(long epoch, long now) {
    return idleVersion == version && idleEpoch == epoch && (!idleBounded || now - idleUntil < 0);
  }

  void markIdle(long epoch, boolean bounded, long until) {
    idleVersion = version;
    idleEpoch = epoch;
    idleBounded = bounded;
    idleUntil = until;
  }
}
