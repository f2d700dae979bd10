package io.mezzo.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Filters;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.Offer;
import io.mezzo.v1.OfferID;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.Value;
import io.mezzo.v1.scheduler.Call;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** How protobuf messages cross the event bus between nodes, and what the receiver refuses. */
class ProtoCodecTest {
  private final ProtoCodec<Call> codec = new ProtoCodec<>(Call.class.getName(), Call.parser());

  private static Call accept() {
    TaskInfo task =
        TaskInfo.newBuilder()
            .setName("web")
            .setTaskId(TaskID.newBuilder().setValue("t1"))
            .setAgentId(AgentID.newBuilder().setValue("a1"))
            .addResources(
                Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(0.5)))
            .setCommand(CommandInfo.newBuilder().setValue("echo héllo ✓"))
            .build();
    return Call.newBuilder()
        .setType(Call.Type.ACCEPT)
        .setFrameworkId(FrameworkID.newBuilder().setValue("f1"))
        .setAccept(
            Call.Accept.newBuilder()
                .addOfferIds(OfferID.newBuilder().setValue("o1"))
                .addOperations(
                    Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
                .setFilters(Filters.newBuilder().setRefuseSeconds(30)))
        .build();
  }

  @Test
  void aCallSurvivesTheWire() {
    Call call = accept();
    // The bus frames the body after its own header: decoding starts where encoding began.
    Buffer wire = Buffer.buffer().appendString("header");

    codec.encodeToWire(wire, call);

    assertEquals(6 + 4 + call.getSerializedSize(), wire.length());
    assertEquals(call, codec.decodeFromWire(6, wire));
  }

  @Test
  void anEmptyMessageSurvivesTheWire() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, Call.getDefaultInstance());

    assertEquals(Call.getDefaultInstance(), codec.decodeFromWire(0, wire));
  }

  @Test
  void withinANodeTheMessageItselfIsPassed() {
    Call call = accept();

    assertSame(call, codec.transform(call));
    assertEquals(Call.class.getName(), codec.name());
    assertEquals(-1, codec.systemCodecID());
  }

  @Test
  void anOversizedLengthIsRefusedBeforeAnythingIsRead() {
    // Only the length is on the wire: refusing it must not try to read the body.
    Buffer tooLarge = Buffer.buffer().appendInt(ProtoCodec.MAX_MESSAGE_BYTES + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, tooLarge));
    assertEquals(Call.class.getName() + " message of " + (ProtoCodec.MAX_MESSAGE_BYTES + 1) + " bytes refused", e.getMessage());

    Buffer negative = Buffer.buffer().appendInt(-1);
    assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, negative));
  }

  @Test
  void malformedBytesAreRefused() {
    // A varint tag that never ends, and a field of wire type 7, which does not exist.
    for (byte[] body : new byte[][] {{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, {0x0F}}) {
      Buffer wire = Buffer.buffer().appendInt(body.length).appendBytes(body);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, wire));

      assertEquals("malformed " + Call.class.getName() + " message", e.getMessage());
      assertInstanceOf(InvalidProtocolBufferException.class, e.getCause());
    }
  }

  @Test
  void aLengthBeyondTheBufferIsNotParsed() {
    Buffer wire = Buffer.buffer().appendInt(100).appendBytes(new byte[10]);

    RuntimeException e = assertThrows(RuntimeException.class, () -> codec.decodeFromWire(0, wire));
    assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException, e.toString());
  }
}
