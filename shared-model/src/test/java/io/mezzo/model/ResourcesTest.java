package io.mezzo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link Resources}: what an allocator and an agent rely on. */
class ResourcesTest {

  private static Resources r(String text) {
    return Resources.parse(text);
  }

  @Test
  void takingAMiddleRangeSplitsIt() {
    assertEquals(r("ports:[1-2,5-10]"), r("ports:[1-10]").minus(r("ports:[3-4]")));
    assertEquals("ports:[1-2,5-10]", r("ports:[1-10]").minus(r("ports:[3-4]")).toString());
  }

  @Test
  void takingEdgesAndManyPiecesLeavesTheRest() {
    assertEquals(r("ports:[2-9]"), r("ports:[1-10]").minus(r("ports:[1,10]")));
    assertEquals(
        r("ports:[1,3,5,7-20]"), r("ports:[1-20]").minus(r("ports:[2,4,6]")));
    assertEquals(r("ports:[31000-31004,31010-32000]"),
        r("ports:[31000-32000]").minus(r("ports:[31005-31009]")));
  }

  @Test
  void takingAllOfARangeDropsTheResource() {
    Resources rest = r("ports:[1-10];cpus:1").minus(r("ports:[1-10]"));
    assertEquals(r("cpus:1"), rest);
    assertEquals(List.of(new Resources.Key("cpus", "*")), rest.keys());
    assertNull(rest.typeOf("ports"));
  }

  @Test
  void adjacentAndOverlappingRangesMerge() {
    assertEquals(r("ports:[1-4]"), r("ports:[1-2]").plus(r("ports:[3-4]")));
    assertEquals("ports:[1-4]", r("ports:[1-2]").plus(r("ports:[3-4]")).toString());
    assertEquals("ports:[1-7]", r("ports:[1-5]").plus(r("ports:[3-7]")).toString());
    assertEquals("ports:[1-2,4-5]", r("ports:[4-5]").plus(r("ports:[1-2]")).toString());
    assertEquals("ports:[1-9]", r("ports:[1-2,4-5,7-9]").plus(r("ports:[3,6]")).toString());
  }

  @Test
  void overlappingRangesAreAUnionNotACount() {
    // Holding port 3 twice still holds it once: minus takes it away entirely.
    Resources sum = r("ports:[1-5]").plus(r("ports:[3-7]"));
    assertEquals(r("ports:[1-2]"), sum.minus(r("ports:[3-7]")));
    assertEquals(r("gpu_ids:{a,b}"), r("gpu_ids:{a,b}").plus(r("gpu_ids:{b}")));
  }

  @Test
  void reservedResourcesAreNotUnreservedOnes() {
    Resources reserved = r("cpus(ads):4");
    assertFalse(reserved.contains(r("cpus:1")));
    assertFalse(r("cpus:4").contains(r("cpus(ads):1")));
    assertTrue(r("cpus:4;cpus(ads):4").contains(r("cpus:4;cpus(ads):1")));
    assertThrows(IllegalArgumentException.class, () -> reserved.minus(r("cpus:1")));
    assertEquals(4.0, reserved.scalar("cpus"), "scalar() sums over roles");
  }

  @Test
  void minusOfWhatIsNotThereNamesBothBags() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r("cpus:1").minus(r("cpus:2")));
    assertTrue(e.getMessage().contains("cpus:1") && e.getMessage().contains("cpus:2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r("ports:[1-5]").minus(r("ports:[5-6]")));
    assertThrows(IllegalArgumentException.class, () -> r("gpu_ids:{a}").minus(r("gpu_ids:{b}")));
  }

  @Test
  void allocatableToKeepsUnreservedAndTheRolesOwn() {
    Resources agent = r("cpus:4;cpus(ads):2;cpus(web):1;mem(ads):512;ports:[1-2]");
    assertEquals(r("cpus:4;cpus(ads):2;mem(ads):512;ports:[1-2]"), agent.allocatableTo("ads"));
    assertEquals(r("cpus:4;ports:[1-2]"), agent.allocatableTo("other"));
    assertEquals(r("cpus:4;ports:[1-2]"), agent.allocatableTo("*"));
  }

  @Test
  void scalarQuantitiesSumRolesAndSkipRangesAndSets() {
    Resources bag = r("cpus:1.5;cpus(ads):0.5;mem:1024;ports:[1-100];gpu_ids:{a};net_mbps:0.001");
    assertEquals(Map.of("cpus", 2000L, "mem", 1_024_000L, "net_mbps", 1L), bag.scalarQuantities());
    assertEquals(Map.of(), Resources.empty().scalarQuantities());
  }

  @Test
  void rangesOfANameAreSortedOverRoles() {
    Resources bag = r("ports(ads):[50-60];ports:[1-2,10-20];slots:[7]");
    List<long[]> ports = bag.ranges("ports");
    assertEquals(3, ports.size());
    assertArrayEquals(new long[] {1, 2}, ports.get(0));
    assertArrayEquals(new long[] {10, 20}, ports.get(1));
    assertArrayEquals(new long[] {50, 60}, ports.get(2));
    assertArrayEquals(new long[] {7, 7}, bag.ranges("slots").get(0));
    assertTrue(bag.ranges("absent").isEmpty());
    assertTrue(r("cpus:1").ranges("cpus").isEmpty());
  }

  @Test
  void itemsNamedAndTypeOf() {
    Resources bag = r("gpu_ids:{gpu1,gpu0};cpus:1;mem:2;ports:[1-2]");
    assertEquals(List.of("gpu0", "gpu1"), bag.items("gpu_ids"));
    assertEquals(r("cpus:1;mem:2"), bag.named("cpus", "mem"));
    assertEquals(Value.Type.SET, bag.typeOf("gpu_ids"));
    assertEquals(Value.Type.RANGES, bag.typeOf("ports"));
    assertEquals(Value.Type.SCALAR, bag.typeOf("cpus"));
    assertNull(bag.typeOf("disk"));
  }

  @Test
  void wellKnownNamesHaveFixedTypes() {
    assertTrue(assertThrows(InvalidResourcesException.class, () -> r("cpus:[1-2]"))
        .getMessage().contains("'cpus'"));
    assertTrue(assertThrows(InvalidResourcesException.class, () -> r("ports:5"))
        .getMessage().contains("'ports'"));
    assertThrows(InvalidResourcesException.class, () -> r("mem:{a}"));
    assertThrows(InvalidResourcesException.class,
        () -> Resources.builder().ranges("cpus", "*", new long[] {1, 2}));
  }

  @Test
  void aNameCannotBeScalarInOneBagAndRangesInAnother() {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> r("foo:1").plus(r("foo:[1-2]")));
    assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
    assertThrows(InvalidResourcesException.class, () -> r("foo(ads):1").plus(r("foo:[1-2]")));
    assertThrows(InvalidResourcesException.class, () -> r("foo:1;foo(ads):{x}"));
    // Asking whether one holds the other is not an error, just false.
    assertFalse(r("foo:1").contains(r("foo:[1-2]")));
    assertThrows(IllegalArgumentException.class, () -> r("foo:1").minus(r("foo:[1-2]")));
  }

  @Test
  void zeroAmountsAreDropped() {
    Resources zeros = r("cpus:0;mem:0.0001;ports:[];gpu_ids:{}");
    assertTrue(zeros.isEmpty());
    assertEquals(Resources.empty(), zeros);
    assertTrue(Resources.scalar("cpus", 0).isEmpty());
    assertEquals(r("mem:1"), r("cpus:1;mem:1").minus(r("cpus:1")));
    assertEquals(List.of(), r("cpus:1").minus(r("cpus:1")).toProto());
  }

  @Test
  void scalarsRoundToThousandths() {
    assertEquals(r("cpus:0.123"), r("cpus:0.1234"));
    assertEquals(r("cpus:0.002"), r("cpus:0.0016"));
    assertEquals("cpus:1.05", r("cpus:1.050").toString());
  }

  @Test
  void equalBagsAreEqualHoweverBuilt() {
    assertEquals(r("cpus:1;mem:2"), r("mem:2;cpus:1"));
    assertEquals(r("cpus:1;mem:2").hashCode(), r("mem:2;cpus:1").hashCode());
    assertEquals(r("cpus:3"), r("cpus:1;cpus:2"));
    assertEquals(r("ports:[1-4]"), r("ports:[3-4,1-2]"));
    assertEquals(r("ports:[1-4]").hashCode(), r("ports:[3-4,1-2]").hashCode());
    assertEquals(r("cpus:1"), Resources.scalar("cpus", 1.000));
    assertEquals(r("ports:[5-9]"), Resources.range("ports", 5, 9));
    assertNotEquals(r("cpus:1"), r("cpus(ads):1"));
    assertNotEquals(r("cpus:1"), r("cpus:1.001"));
    assertNotEquals(r("ports:[1-2]"), r("slots:[1-2]"));
    assertNotEquals(r("cpus:1"), null);
    assertNotEquals(r("cpus:1"), "cpus:1");
  }

  @Test
  void keysAndTextAreInNameThenRoleOrder() {
    Resources bag = r("mem:1;cpus(web):1;cpus:1;cpus(ads):1");
    assertEquals("cpus:1;cpus(ads):1;cpus(web):1;mem:1", bag.toString());
    assertEquals(new Resources.Key("cpus", "ads"), bag.keys().get(1));
    assertThrows(UnsupportedOperationException.class, () -> bag.keys().clear());
  }

  @Test
  void toProtoCarriesNameTypeRoleAndValue() {
    List<Resource> proto = r("cpus(ads):0.5;ports:[1-2,4-5];gpu_ids:{b,a}").toProto();
    assertEquals(3, proto.size());
    Resource cpus = proto.get(0);
    assertEquals("cpus", cpus.getName());
    assertEquals("ads", cpus.getRole());
    assertEquals(Value.Type.SCALAR, cpus.getType());
    assertEquals(0.5, cpus.getScalar().getValue());
    Resource gpuIds = proto.get(1);
    assertEquals(List.of("a", "b"), gpuIds.getSet().getItemList());
    Resource ports = proto.get(2);
    assertEquals("*", ports.getRole());
    assertEquals(2, ports.getRanges().getRangeCount());
    assertEquals(4, ports.getRanges().getRange(1).getBegin());
  }

  @Test
  void fromProtoValidatesEveryResource() {
    Resource.Builder cpus = Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR);
    assertEquals(r("cpus:2"), Resources.fromProto(List.of(
        cpus.clone().setScalar(Value.Scalar.newBuilder().setValue(2)).build())));
    assertRejected(Resource.newBuilder().setName("cpus").build(), "no type");
    assertRejected(cpus.clone().build(), "cpus");
    assertRejected(cpus.clone().setScalar(scalar(Double.NaN)).build(), "NaN");
    assertRejected(cpus.clone().setScalar(scalar(-1)).build(), "-1");
    assertRejected(cpus.clone().setScalar(scalar(1)).setRole("").build(), "role");
    assertRejected(cpus.clone().setScalar(scalar(1)).setName("a b").build(), "a b");
    assertRejected(cpus.clone().setType(Value.Type.TEXT).build(), "TEXT");
    Resource.Builder ports = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES);
    assertRejected(ports.clone().setRanges(ranges(5, 1)).build(), "[5-1]");
    // A uint64 above Long.MAX_VALUE arrives negative; the message shows it as sent.
    assertRejected(ports.clone().setRanges(ranges(1, -1)).build(), "18446744073709551615");
    Resource.Builder set = Resource.newBuilder().setName("gpu_ids").setType(Value.Type.SET);
    assertRejected(set.clone().setSet(Value.Set.newBuilder().addItem("")).build(), "gpu_ids");
  }

  @Test
  void setItemsMustSurviveTheTextForm() {
    for (String item : List.of("a,b", "a;b", " a", "a ")) {
      assertThrows(InvalidResourcesException.class,
          () -> Resources.builder().set("gpu_ids", "*", List.of(item)), item);
    }
    Resources odd = Resources.builder().set("gpu_ids", "*", List.of("a}b", "x:y", "{z")).build();
    assertEquals(odd, r(odd.toString()));
  }

  @Test
  void theLargestBoundsSurviveTheTextForm() {
    Resources wide = Resources.range("slots", 0, RangeSet.MAX_BOUND);
    assertEquals(wide, r(wide.toString()));
    assertEquals(wide, Resources.fromProto(wide.toProto()));
    Resources big = Resources.scalar("mem", Resources.MAX_SCALAR);
    assertEquals(big, r(big.toString()));
    assertEquals(r("mem:999999999999.999"), r(r("mem:999999999999.999").toString()));
  }

  @Test
  void intersectionKeepsWhatBothHoldNameByNameAndRoleByRole() {
    assertEquals(r("cpus:1;mem:256;ports:[31002-31005,31008-31009];gpu_ids:{b}"),
        r("cpus:1;mem:512;ports:[31000-31005,31008-31010];gpu_ids:{a,b}")
            .intersection(r("cpus:2;mem:256;ports:[31002-31009];gpu_ids:{b,c}")));
    assertEquals(r("cpus(web):1"), r("cpus(web):1;cpus:2").intersection(r("cpus(web):3;mem:64")),
        "unreserved cpus and reserved ones are different resources");
    assertEquals(Resources.empty(), r("ports:[1-2]").intersection(r("ports:[3-4]")), "nothing in common, no entry");
    assertEquals(Resources.empty(), r("cpus:1").intersection(Resources.empty()));
  }

  private static Value.Scalar.Builder scalar(double value) {
    return Value.Scalar.newBuilder().setValue(value);
  }

  private static Value.Ranges ranges(long begin, long end) {
    return Value.Ranges.newBuilder()
        .addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))
        .build();
  }

  private static void assertRejected(Resource resource, String fragment) {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> Resources.fromProto(List.of(resource)));
    assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks " + fragment);
  }
}
