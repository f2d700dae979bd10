package io.mezzo.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Why a request failed, as a caller recovers it from the event bus. */
@ExtendWith(VertxExtension.class)
class FailureTest {
  @Test
  void aRecipientFailureGivesTheFailureOfItsCode() {
    for (Failure failure : Failure.values()) {
      assertEquals(failure, Failure.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, failure.code(), "why")));
      assertEquals(failure, Failure.of(failure.exception("why")));
      assertEquals(failure, Failure.ofCode(failure.code()));
    }
  }

  @Test
  void anUnknownCodeIsInternal() {
    for (int code : new int[] {-1, 0, 200, 418, 502}) {
      assertEquals(Failure.INTERNAL, Failure.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "why")), "code " + code);
    }
  }

  @Test
  void noHandlerAndTimeoutMeanNoReply() {
    assertEquals(Failure.NO_REPLY, Failure.of(new ReplyException(ReplyFailure.NO_HANDLERS, "nobody there")));
    assertEquals(Failure.NO_REPLY, Failure.of(new ReplyException(ReplyFailure.TIMEOUT, "too slow")));
  }

  @Test
  void anyOtherErrorIsInternal() {
    assertEquals(Failure.INTERNAL, Failure.of(new IllegalStateException("bug")));
    assertEquals(Failure.INTERNAL, Failure.of(new TimeoutException("not a reply")));
  }

  @Test
  void anExceptionCarriesItsCodeAndReason() {
    ReplyException e = Failure.CONFLICT.exception("framework removed");

    assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType());
    assertEquals(409, e.failureCode());
    assertEquals("framework removed", e.getMessage());
  }

  @Test
  void failuresAreRecoveredFromARealEventBus(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().consumer("failure.test", message -> message.fail(Failure.NOT_FOUND.code(), "no such task"));
    vertx.eventBus().consumer("failure.silent", message -> {});

    vertx.eventBus().request("failure.test", "t1")
        .onComplete(test.failing(e -> test.verify(() -> assertEquals(Failure.NOT_FOUND, Failure.of(e)))))
        .recover(e -> vertx.eventBus().request("failure.nobody", "t1"))
        .onComplete(test.failing(e -> test.verify(() -> assertEquals(Failure.NO_REPLY, Failure.of(e)))))
        .recover(e -> vertx.eventBus().request("failure.silent", "t1", new DeliveryOptions().setSendTimeout(100)))
        .onComplete(
            test.failing(
                e -> {
                  test.verify(() -> assertEquals(Failure.NO_REPLY, Failure.of(e)));
                  test.completeNow();
                }));
  }
}
