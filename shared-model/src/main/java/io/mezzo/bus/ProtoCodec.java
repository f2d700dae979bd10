package io.mezzo.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries one protobuf message class over the event bus: its serialized bytes between
 * nodes, the (immutable) message itself within a node.
 */
final class ProtoCodec<T extends Message> implements MessageCodec<T, T> {
  /** Largest message accepted from the wire; larger ones are refused, not parsed. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final String name;
  private final Parser<T> parser;

  ProtoCodec(String name, Parser<T> parser) {
    this.name = name;
    this.parser = parser;
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    byte[] bytes = message.toByteArray();
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    if (length < 0 || length > MAX_MESSAGE_BYTES || pos + 4L + length > buffer.length()) {
      throw new IllegalArgumentException(name + " message of " + length + " bytes refused");
    }
    try {
      return parser.parseFrom(buffer.getBytes(pos + 4, pos + 4 + length));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed " + name + " message", e);
    }
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
