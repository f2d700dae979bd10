package io.mezzo.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.mezzo.bus.Refusal;
import io.vertx.core.json.JsonObject;

/**
 * JSON for protobuf messages as Apache Mesos writes it: proto field names
 * ({@code framework_id}), enums by name. Parsing is as lenient as Mesos's: a field the schema
 * does not define (one of a newer Mesos, or one Mezzo does not support yet, such as
 * {@code FrameworkInfo.offer_filters}) is ignored, and so is an enum name it does not know,
 * so that unmodified Mesos clients work. A value of the wrong kind for a known field is still
 * an error that names it. The bytes and syntax are checked strictly before, by {@link JsonText}.
 */
public final class ProtoJson {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {}

  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  public static JsonObject toJson(Message message) {
    return new JsonObject(print(message));
  }

  /**
   * Parses {@code json} into {@code builder}.
   *
   * @throws Refusal (400) when the JSON does not describe such a message
   */
  public static <B extends Message.Builder> B parse(String json, B builder) {
    try {
      PARSER.merge(json, builder);
      return builder;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw Refusal.badRequest("Invalid " + builder.getDescriptorForType().getName() + " JSON: " + e.getMessage());
    }
  }
}
