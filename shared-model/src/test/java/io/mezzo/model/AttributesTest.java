package io.mezzo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.Attribute;
import io.mezzo.v1.Value;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent attributes: the text form operators write and frameworks match on. */
class AttributesTest {

  @Test
  void numbersAreScalarsBracketsAreRangesTheRestIsText() {
    List<Attribute> attributes = Attributes.parse("rack:a;zone:2;slots:[1-4];weight:0.5");
    assertEquals(4, attributes.size());

    Attribute rack = attributes.get(0);
    assertEquals("rack", rack.getName());
    assertEquals(Value.Type.TEXT, rack.getType());
    assertEquals("a", rack.getText().getValue());

    Attribute zone = attributes.get(1);
    assertEquals(Value.Type.SCALAR, zone.getType());
    assertEquals(2.0, zone.getScalar().getValue());

    Attribute slots = attributes.get(2);
    assertEquals(Value.Type.RANGES, slots.getType());
    assertEquals(1, slots.getRanges().getRangeCount());
    assertEquals(1, slots.getRanges().getRange(0).getBegin());
    assertEquals(4, slots.getRanges().getRange(0).getEnd());

    assertEquals(0.5, attributes.get(3).getScalar().getValue());
  }

  @Test
  void keepsTheOrderGivenAndToleratesBlanks() {
    List<Attribute> attributes = Attributes.parse(" zone : 2 ;\n rack : a b ;;");
    assertEquals(List.of("zone", "rack"), attributes.stream().map(Attribute::getName).toList());
    assertEquals("a b", attributes.get(1).getText().getValue());
    assertTrue(Attributes.parse("").isEmpty());
  }

  @Test
  void textMayHoldColonsAndNumberLikeText() {
    List<Attribute> attributes = Attributes.parse("url:http://host:80/x;version:1.2.3;neg:-3");
    assertEquals("http://host:80/x", attributes.get(0).getText().getValue());
    assertEquals(Value.Type.TEXT, attributes.get(1).getType());
    assertEquals(Value.Type.TEXT, attributes.get(2).getType());
  }

  @Test
  void rangesMergeLikeResourceRanges() {
    Attribute slots = Attributes.parse("slots:[5-6,1-3,4]").get(0);
    assertEquals("[1-6]", Attributes.formatValue(slots));
  }

  @Test
  void formatReadsBack() {
    for (String text :
        List.of("rack:a;zone:2;slots:[1-4]", "weight:0.125", "slots:[1-2,4-4]", "big:1000000000000", "")) {
      assertEquals(text, Attributes.format(Attributes.parse(text)));
      assertEquals(Attributes.parse(text), Attributes.parse(Attributes.format(Attributes.parse(text))));
    }
    assertEquals("zone:2;slots:[1-4]", Attributes.format(Attributes.parse("zone:02.000; slots:[4,1-3]")));
  }

  @Test
  void scalarsAreThousandthsLikeResources() {
    // A finer value would be printed rounded by format() and so read back as another value.
    Attribute weight = Attributes.parse("weight:0.1236").get(0);
    assertEquals(0.124, weight.getScalar().getValue());
    assertEquals("weight:0.124", Attributes.format(List.of(weight)));
    assertEquals(0.0, Attributes.parse("tiny:0.0001").get(0).getScalar().getValue());
  }

  @Test
  void formatsWireAttributesOfEveryType() {
    Attribute set =
        Attribute.newBuilder().setName("gpus").setType(Value.Type.SET)
            .setSet(Value.Set.newBuilder().addItem("a").addItem("b")).build();
    assertEquals("{a,b}", Attributes.formatValue(set));
    Attribute text =
        Attribute.newBuilder().setName("os").setType(Value.Type.TEXT)
            .setText(Value.Text.newBuilder().setValue("linux")).build();
    assertEquals("gpus:{a,b};os:linux", Attributes.format(List.of(set, text)));
  }

  @Test
  void duplicatesAreRejected() {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> Attributes.parse("rack:a;zone:1;rack:b"));
    assertTrue(e.getMessage().contains("'rack'"), e.getMessage());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("ra ck:a", "'ra ck'"),
        Arguments.of("-rack:a", "'-rack'"),
        Arguments.of("rack(x):a", "'rack(x)'"),
        Arguments.of("a".repeat(65) + ":1", "'" + "a".repeat(65) + "'"),
        Arguments.of(":a", "':a'"),
        Arguments.of("rack", "'rack'"),
        Arguments.of("rack:", "'rack' has no value"),
        Arguments.of("rack:  ", "'rack' has no value"),
        Arguments.of("slots:[4-1]", "'4-1'"),
        Arguments.of("slots:[1-2", "'slots:[1-2'"),
        Arguments.of("zone:10000000000001", "'10000000000001'"),
        Arguments.of("zone:" + "9".repeat(400), "zone:999"),
        Arguments.of("a:1;".repeat(20_000), "longer than 65536"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalid")
  void rejectsNamingTheOffendingPart(String text, String fragment) {
    InvalidResourcesException e =
        assertThrows(InvalidResourcesException.class, () -> Attributes.parse(text));
    assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks " + fragment);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rack", "zone_1", "host.name", "a-b", "_x", "9"})
  void acceptsGoodNames(String name) {
    assertEquals(name, Attributes.parse(name + ":v").get(0).getName());
  }

  @Test
  void rejectsNull() {
    assertThrows(InvalidResourcesException.class, () -> Attributes.parse(null));
  }
}
