package io.mezzo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The Mesos-style resource string, as an operator types it in a flag or a config file. */
class ResourceParserTest {

  @Test
  void parsesTheAgentExample() {
    Resources bag =
        Resources.parse("cpus:4;mem:8192;ports:[31000-32000];disk(ads):10;gpu_ids:{gpu0,gpu1};gpus:2");
    assertEquals(4.0, bag.scalar("cpus"));
    assertEquals(8192.0, bag.scalar("mem"));
    assertEquals(10_000L, bag.filterRoles("ads"::equals).scalarMillis("disk"));
    assertEquals(31000L, bag.ranges("ports").get(0)[0]);
    assertEquals(32000L, bag.ranges("ports").get(0)[1]);
    assertEquals(List.of("gpu0", "gpu1"), bag.items("gpu_ids"));
    assertEquals(2.0, bag.scalar("gpus"));
    assertEquals(
        "cpus:4;disk(ads):10;gpu_ids:{gpu0,gpu1};gpus:2;mem:8192;ports:[31000-32000]",
        bag.toString());
  }

  @Test
  void gpusIsACountAsInMesos() {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> Resources.parse("gpus:{gpu0,gpu1}"));
    assertTrue(e.getMessage().contains("'gpus' must be SCALAR"), e.getMessage());
  }

  @Test
  void toleratesBlanksAndEmptyParts() {
    Resources expected = Resources.parse("cpus:4;mem:8192;ports:[1-2,5];gpu_ids:{a,b}");
    assertEquals(expected,
        Resources.parse("  cpus : 4 ;\n\tmem:8192;; ports : [ 1 - 2 , 5 ] ; gpu_ids : { a , b } ;"));
    assertEquals(Resources.parse("cpus:1"), Resources.parse("cpus:1;"));
    assertTrue(Resources.parse("").isEmpty());
    assertTrue(Resources.parse(" ; ;").isEmpty());
  }

  @Test
  void readsRoles() {
    Resources bag = Resources.parse("cpus(ads):1;cpus( web.prod ):2;cpus(*):3;mem(_x-1):4");
    assertEquals(List.of(
            new Resources.Key("cpus", "*"), new Resources.Key("cpus", "ads"),
            new Resources.Key("cpus", "web.prod"), new Resources.Key("mem", "_x-1")),
        bag.keys());
    assertEquals(Resources.parse("cpus:3"), bag.filterRoles("*"::equals));
  }

  @Test
  void readsRangesInAnyShape() {
    assertEquals("ports:[5-5]", Resources.parse("ports:[5]").toString());
    assertEquals("ports:[1-2,10-12]", Resources.parse("ports:[10-12,1-2]").toString());
    assertEquals("ports:[1-12]", Resources.parse("ports:[1-8,3-12]").toString());
    assertEquals("ports:[0-0]", Resources.parse("ports:[0-0]").toString());
    assertEquals("slots:[1-4]", Resources.parse("slots:[1-2];slots:[3-4]").toString());
  }

  @Test
  void readsSetsAndMergesRepeats() {
    assertEquals(List.of("a", "b"), Resources.parse("gpu_ids:{b,a,b}").items("gpu_ids"));
    assertEquals(List.of("a", "b"), Resources.parse("gpu_ids:{a};gpu_ids:{b}").items("gpu_ids"));
  }

  @Test
  void addsRepeatedScalars() {
    assertEquals(Resources.parse("cpus:3.5"), Resources.parse("cpus:1;cpus:2.5"));
    assertEquals(1000.0, Resources.parse("mem:0001000").scalar("mem"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("cpus:-1", "'-1'"),
        Arguments.of("cpus:NaN", "'NaN'"),
        Arguments.of("cpus:Infinity", "'Infinity'"),
        Arguments.of("cpus:abc", "'abc'"),
        Arguments.of("cpus:", "'cpus:'"),
        Arguments.of("cpus:1.2.3", "'1.2.3'"),
        Arguments.of("cpus:1e3", "'1e3'"),
        Arguments.of("mem:4;cpus:x", "'cpus:x'"),
        Arguments.of("cpus:10000000000000", "'cpus:10000000000000'"),
        Arguments.of("cpus:" + "9".repeat(400), "cpus:999"),
        Arguments.of("ports:[5-1]", "'5-1'"),
        Arguments.of("ports:[1-2", "'ports:[1-2'"),
        Arguments.of("ports:[1-2,,3]", "'ports:[1-2,,3]'"),
        Arguments.of("ports:[a-b]", "'a'"),
        Arguments.of("ports:[-5]", "'ports:[-5]'"),
        Arguments.of("ports:[1--2]", "'-2'"),
        Arguments.of("ports:[0-99999999999999999999]", "'99999999999999999999'"),
        Arguments.of("ports:[0-9223372036854775807]", "'9223372036854775807'"),
        Arguments.of("ports:[\u0663-\u0664]", "'\u0663'"),
        Arguments.of("gpu_ids:{a,b", "'gpu_ids:{a,b'"),
        Arguments.of("cpus", "'cpus'"),
        Arguments.of(":4", "':4'"),
        Arguments.of("cp us:1", "'cp us'"),
        Arguments.of("-cpus:1", "'-cpus'"),
        Arguments.of("cpus!:1", "'cpus!'"),
        Arguments.of("n".repeat(65) + ":1", "'" + "n".repeat(65) + "'"),
        Arguments.of("cpus():1", "role ''"),
        Arguments.of("cpus(a b):1", "role 'a b'"),
        Arguments.of("cpus(-x):1", "role '-x'"),
        Arguments.of("cpus(a/b):1", "role 'a/b'"),
        Arguments.of("cpus(" + "r".repeat(129) + "):1", "invalid role"),
        Arguments.of("cpus(ads:1", "'cpus(ads:1'"),
        Arguments.of("cpus(ads)x:1", "'cpus(ads)x:1'"),
        Arguments.of("cpus:[1-2]", "'cpus' must be SCALAR"),
        Arguments.of("ports:5", "'ports' must be RANGES"),
        Arguments.of("foo:1;foo(ads):[1-2]", "'foo' is both"),
        Arguments.of("cpus:1;".repeat(10_000), "longer than 65536"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalid")
  void rejectsNamingTheOffendingPart(String text, String fragment) {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> Resources.parse(text));
    assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks " + fragment);
  }

  @Test
  void rejectsNull() {
    assertThrows(InvalidResourcesException.class, () -> Resources.parse(null));
  }

  @Test
  void acceptsTheLongestAllowedInput() {
    String text = "cpus:1;" + " ".repeat(ResourceParser.MAX_LENGTH - 7);
    assertEquals(ResourceParser.MAX_LENGTH, text.length());
    assertEquals(Resources.parse("cpus:1"), Resources.parse(text));
  }
}
