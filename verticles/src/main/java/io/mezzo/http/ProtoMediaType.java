package io.mezzo.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two encodings of protobuf messages the Mesos v1 HTTP APIs speak: JSON with Mesos's
 * field names, and protobuf bytes. Requests name theirs in {@code Content-Type}, and ask for
 * one in {@code Accept}.
 */
public enum ProtoMediaType {
  JSON("application/json"),
  PROTOBUF("application/x-protobuf");

  private final String mime;

  ProtoMediaType(String mime) {
    this.mime = mime;
  }

  /** The media type, as it goes in {@code Content-Type}. */
  public String mime() {
    return mime;
  }

  /** {@code message} in this encoding. */
  public Buffer encode(Message message) {
    return this == JSON
        ? Buffer.buffer(ProtoJson.print(message).getBytes(StandardCharsets.UTF_8))
        : Buffer.buffer(message.toByteArray());
  }

  /**
   * Parses {@code body} into {@code builder}. This is the one way request bodies become
   * messages: JSON passes {@link JsonText}'s encoding and syntax checks first.
   *
   * @throws Refusal (400) saying what is wrong with the body
   */
  public <B extends Message.Builder> B decode(Buffer body, B builder) {
    String name = builder.getDescriptorForType().getName();
    if (body == null || body.length() == 0) {
      throw Refusal.badRequest("The request has no body; expected a " + name + " as " + mime);
    }
    if (this == JSON) {
      return ProtoJson.parse(JsonText.of(body.getBytes(), name), builder);
    }
    try {
      builder.mergeFrom(body.getBytes());
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw Refusal.badRequest("Invalid " + name + " protobuf: " + e.getMessage());
    }
  }

  /**
   * The encoding of a request's body, from its {@code Content-Type} header, as the Mesos v1
   * APIs take it.
   *
   * @throws Refusal 400 when the header is missing, 415 when it names neither encoding
   */
  public static ProtoMediaType ofRequest(String contentType) {
    if (contentType == null) {
      throw Refusal.badRequest("Expecting a Content-Type of application/json or application/x-protobuf");
    }
    ProtoMediaType media = ofContentType(contentType);
    if (media == null) {
      throw new Refusal(Failure.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type '" + contentType
          + "'; expecting application/json or application/x-protobuf");
    }
    return media;
  }

  /**
   * The encoding a subscription's stream answers in, from the request's {@code Accept} header.
   *
   * @throws Refusal 406 when the header accepts neither encoding
   */
  public static ProtoMediaType forStream(String accept) {
    ProtoMediaType answer = negotiate(accept);
    if (answer == null) {
      throw new Refusal(Failure.NOT_ACCEPTABLE, "Expecting an Accept header that allows application/json or application/x-protobuf");
    }
    return answer;
  }

  /**
   * The encoding a {@code Content-Type} header names (parameters such as {@code charset} are
   * ignored), or null when it names neither.
   */
  public static ProtoMediaType ofContentType(String header) {
    if (header == null) {
      return null;
    }
    String bare = stripParameters(header);
    for (ProtoMediaType type : values()) {
      if (type.mime.equals(bare)) {
        return type;
      }
    }
    return null;
  }

  /**
   * The encoding to answer in, from an {@code Accept} header: the acceptable one with the
   * higher quality, JSON on a tie or when the header is absent (as Mesos prefers JSON);
   * null when the header accepts neither.
   */
  public static ProtoMediaType negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    double json = quality(accept, JSON);
    double protobuf = quality(accept, PROTOBUF);
    if (json <= 0 && protobuf <= 0) {
      return null;
    }
    return json >= protobuf ? JSON : PROTOBUF;
  }

  /** The quality {@code accept} gives {@code type}: the most specific matching range wins. */
  static double quality(String accept, ProtoMediaType type) {
    String[] parts = type.mime.split("/");
    double best = 0;
    int bestSpecificity = -1;
    for (String range : accept.split(",")) {
      String[] params = range.split(";");
      String media = params[0].trim().toLowerCase(Locale.ROOT);
      int specificity;
      if (media.equals(type.mime)) {
        specificity = 2;
      } else if (media.equals(parts[0] + "/*")) {
        specificity = 1;
      } else if (media.equals("*/*")) {
        specificity = 0;
      } else {
        continue;
      }
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        best = qualityOf(params);
      }
    }
    return best;
  }

  private static double qualityOf(String[] params) {
    for (int i = 1; i < params.length; i++) {
      String param = params[i].trim();
      if (param.startsWith("q=")) {
        try {
          double q = Double.parseDouble(param.substring(2).trim());
          return Double.isFinite(q) ? Math.max(0, Math.min(1, q)) : 0;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  private static String stripParameters(String header) {
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
