package io.mezzo.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.scheduler.Call;
import io.mezzo.v1.scheduler.Event;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every node registers the protobuf codecs, as often as its parts ask. */
@ExtendWith(VertxExtension.class)
class CodecsTest {
  @Test
  void registeringTwiceIsHarmlessAndMessagesTravel(Vertx vertx, VertxTestContext test) {
    Codecs.register(vertx);
    Codecs.register(vertx); // a second registerDefaultCodec of a class would throw

    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(FrameworkID.newBuilder().setValue("f1")).build();
    vertx.eventBus().<Call>consumer(
        "codecs.test",
        message -> {
          test.verify(() -> assertSame(call, message.body(), "within a node the message itself is passed"));
          message.reply(Event.newBuilder().setType(Event.Type.SUBSCRIBED).build());
        });

    vertx.eventBus().<Event>request("codecs.test", call)
        .onComplete(
            test.succeeding(
                reply -> {
                  test.verify(() -> assertEquals(Event.Type.SUBSCRIBED, reply.body().getType()));
                  test.completeNow();
                }));
  }
}
