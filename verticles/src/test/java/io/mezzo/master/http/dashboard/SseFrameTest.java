package io.mezzo.master.http.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text/event-stream frames browsers read. */
class SseFrameTest {
  @Test
  void anEventIsNamedAndEndsWithABlankLine() {
    assertEquals("event: update\ndata: {\"a\":1}\n\n", SseFrame.event("update", "{\"a\":1}").toString());
  }

  @Test
  void everyLineOfDataGetsItsOwnField() {
    assertEquals("event: x\ndata: one\ndata: two\ndata: three\ndata: \n\n", SseFrame.event("x", "one\ntwo\r\nthree\r").toString());
  }

  @Test
  void aCommentCannotEndItsFrameEarly() {
    assertEquals(": a b\n\n", SseFrame.comment("a\nb").toString());
    assertEquals("retry: 2000\n\n", SseFrame.retry(2000).toString());
  }
}
