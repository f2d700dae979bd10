package io.mezzo.cli.run;

import io.mezzo.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Fits task instances into one offer: each task's scalars are carved out of what the offer
 * holds, the role's reservations before unreserved resources (reserved resources serve
 * nobody else). Pure.
 */
final class OfferFit {
  private OfferFit() {}

  /**
   * The resources of each task that fits in {@code offered}, at most {@code max} of them.
   *
   * @param need the scalars one task needs, unreserved
   */
  static List<Resources> fit(Resources offered, Resources need, int max) {
    Objects.requireNonNull(offered, "offered");
    Objects.requireNonNull(need, "need");
    List<Resources> tasks = new ArrayList<>();
    Resources left = offered;
    while (tasks.size() < max) {
      Resources carved = carve(left, need);
      if (carved == null) {
        break;
      }
      tasks.add(carved);
      left = left.minus(carved);
    }
    return tasks;
  }

  /** Resources out of {@code left} that cover every scalar of {@code need}, or null when some is short. */
  static Resources carve(Resources left, Resources need) {
    Resources.Builder taken = Resources.builder();
    List<String> names = need.keys().stream().map(Resources.Key::name).distinct().toList();
    for (String name : names) {
      long wanted = need.scalarMillis(name);
      List<Resources.Key> keys = left.keys().stream()
          .filter(key -> key.name().equals(name))
          .sorted(Comparator.comparing((Resources.Key key) -> key.role().equals(Resources.UNRESERVED)))
          .toList();
      for (Resources.Key key : keys) {
        if (wanted == 0) {
          break;
        }
        long have = left.filterRoles(role -> role.equals(key.role())).scalarMillis(name);
        long take = Math.min(have, wanted);
        if (take > 0) {
          taken.scalar(name, key.role(), take / 1000.0);
          wanted -= take;
        }
      }
      if (wanted > 0) {
        return null;
      }
    }
    return taken.build();
  }
}
