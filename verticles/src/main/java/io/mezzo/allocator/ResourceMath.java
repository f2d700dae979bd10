package io.mezzo.allocator;

import io.mezzo.model.Resources;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resource arithmetic the allocator needs and {@link Resources} does not offer. */
final class ResourceMath {
  private ResourceMath() {}

  /** What both bags hold, name by name and role by role; contained in each of them. */
  static Resources intersection(Resources a, Resources b) {
    Map<Resources.Key, Resource> mine = new HashMap<>();
    for (Resource resource : a.toProto()) {
      mine.put(new Resources.Key(resource.getName(), resource.getRole()), resource);
    }
    Resources.Builder common = Resources.builder();
    for (Resource theirs : b.toProto()) {
      String name = theirs.getName();
      String role = theirs.getRole();
      Resource ours = mine.get(new Resources.Key(name, role));
      if (ours == null || ours.getType() != theirs.getType()) {
        continue;
      }
      switch (theirs.getType()) {
        case SCALAR -> common.scalar(
            name, role, Math.min(ours.getScalar().getValue(), theirs.getScalar().getValue()));
        case RANGES -> {
          long[] pairs = intersectRanges(ours.getRanges(), theirs.getRanges());
          if (pairs.length > 0) {
            common.ranges(name, role, pairs);
          }
        }
        case SET -> {
          Set<String> items = new LinkedHashSet<>(ours.getSet().getItemList());
          items.retainAll(theirs.getSet().getItemList());
          if (!items.isEmpty()) {
            common.set(name, role, new ArrayList<>(items));
          }
        }
        default -> { }
      }
    }
    return common.build();
  }

  /** Intersection of two sorted lists of disjoint ranges, as begin/end pairs. */
  private static long[] intersectRanges(Value.Ranges x, Value.Ranges y) {
    List<Value.Range> left = sorted(x);
    List<Value.Range> right = sorted(y);
    List<Long> pairs = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < left.size() && j < right.size()) {
      long begin = Math.max(left.get(i).getBegin(), right.get(j).getBegin());
      long end = Math.min(left.get(i).getEnd(), right.get(j).getEnd());
      if (begin <= end) {
        pairs.add(begin);
        pairs.add(end);
      }
      if (left.get(i).getEnd() < right.get(j).getEnd()) {
        i++;
      } else {
        j++;
      }
    }
    return pairs.stream().mapToLong(Long::longValue).toArray();
  }

  private static List<Value.Range> sorted(Value.Ranges ranges) {
    List<Value.Range> list = new ArrayList<>(ranges.getRangeList());
    list.sort((p, q) -> Long.compare(p.getBegin(), q.getBegin()));
    return list;
  }
}
