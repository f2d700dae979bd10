package io.mezzo.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * The two encodings of Mesos's v1 HTTP APIs, done with Mesos's classes and the protobuf
 * runtime they were built for. Decoding is strict: {@code build()} refuses a message whose
 * {@code required} fields are unset, and JSON with a field Mesos 1.11 does not define is
 * refused too, since that is what a client with Mesos's classes would see.
 */
enum Encoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  final String mime;

  Encoding(String mime) {
    this.mime = mime;
  }

  byte[] encode(Message message) {
    if (this == PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return JsonFormat.printer().preservingProtoFieldNames().print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code bytes} as a {@code T}, strictly; throws naming what is wrong. */
  @SuppressWarnings("unchecked")
  <T extends Message> T decode(byte[] bytes, Message.Builder builder) throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      builder.mergeFrom(bytes);
    } else {
      JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), builder);
    }
    // What parseFrom checks: every required field, in every nested message, is set.
    if (!builder.isInitialized()) {
      throw new InvalidProtocolBufferException("required fields unset: " + builder.findInitializationErrors()
          + " in " + builder.getDescriptorForType().getFullName() + " " + (this == JSON
              ? new String(bytes, StandardCharsets.UTF_8) : builder.buildPartial().toString()));
    }
    return (T) builder.build();
  }
}
