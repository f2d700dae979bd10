package io.mezzo.model;

import io.mezzo.v1.Attribute;
import io.mezzo.v1.Value;
import java.util.List;
import java.util.StringJoiner;

/** Agent attributes in the Mesos text form {@code rack:a;zone:2;slots:[1-4]}. */
public final class Attributes {
  private Attributes() {}

  /**
   * Parses an attribute string: numbers become scalars, {@code [..]} ranges, anything else
   * text.
   *
   * @throws InvalidResourcesException naming the attribute that is wrong
   */
  public static List<Attribute> parse(String text) {
    return ResourceParser.parseAttributes(text);
  }

  /** The text form of {@code attributes}, which {@link #parse} reads back. */
  public static String format(List<Attribute> attributes) {
    StringJoiner text = new StringJoiner(";");
    for (Attribute attribute : attributes) {
      text.add(attribute.getName() + ":" + formatValue(attribute));
    }
    return text.toString();
  }

  /** The value of one attribute as text. */
  public static String formatValue(Attribute attribute) {
    return switch (attribute.getType()) {
      case SCALAR -> ResourceValue.Scalar.of(attribute.getScalar().getValue()).format();
      case RANGES -> {
        StringJoiner ranges = new StringJoiner(",", "[", "]");
        for (Value.Range range : attribute.getRanges().getRangeList()) {
          ranges.add(range.getBegin() + "-" + range.getEnd());
        }
        yield ranges.toString();
      }
      case SET -> "{" + String.join(",", attribute.getSet().getItemList()) + "}";
      case TEXT -> attribute.getText().getValue();
    };
  }
}
