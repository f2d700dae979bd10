package io.mezzo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.scheduler.Call;
import org.junit.jupiter.api.Test;

/** Content types and Accept negotiation of the Mesos v1 HTTP APIs. */
class ProtoMediaTypeTest {
  @Test
  void contentTypesIgnoreParametersAndCase() {
    assertEquals(ProtoMediaType.JSON, ProtoMediaType.ofContentType("application/json; charset=utf-8"));
    assertEquals(ProtoMediaType.PROTOBUF, ProtoMediaType.ofContentType("Application/X-Protobuf"));
    assertNull(ProtoMediaType.ofContentType("text/plain"));
    assertNull(ProtoMediaType.ofContentType(null));
  }

  @Test
  void acceptPrefersJsonUnlessProtobufIsPreferred() {
    assertEquals(ProtoMediaType.JSON, ProtoMediaType.negotiate(null));
    assertEquals(ProtoMediaType.JSON, ProtoMediaType.negotiate("*/*"));
    assertEquals(ProtoMediaType.JSON, ProtoMediaType.negotiate("application/x-protobuf, application/json"));
    assertEquals(ProtoMediaType.PROTOBUF, ProtoMediaType.negotiate("application/x-protobuf"));
    assertEquals(ProtoMediaType.PROTOBUF, ProtoMediaType.negotiate("application/json;q=0.5, application/x-protobuf"));
    assertEquals(ProtoMediaType.PROTOBUF, ProtoMediaType.negotiate("application/*, application/json;q=0"));
    assertNull(ProtoMediaType.negotiate("text/html"));
    assertNull(ProtoMediaType.negotiate("application/json;q=0"));
  }

  @Test
  void bothEncodingsRoundTrip() {
    Call call = Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(FrameworkID.newBuilder().setValue("f-1")).build();
    for (ProtoMediaType type : ProtoMediaType.values()) {
      assertEquals(call, type.decode(type.encode(call), Call.newBuilder()).build(), type.name());
    }
    assertEquals("{\"framework_id\":{\"value\":\"f-1\"},\"type\":\"TEARDOWN\"}", ProtoMediaType.JSON.encode(call).toString());
    Refusal empty = assertThrows(Refusal.class, () -> ProtoMediaType.PROTOBUF.decode(null, Call.newBuilder()));
    assertEquals(400, empty.status());
  }
}
