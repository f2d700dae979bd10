package io.mezzo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RecordIO framing as Mesos defines it, and a decoder that copes with any split of the stream. */
class RecordIoTest {
  @Test
  void aRecordIsItsByteLengthANewlineAndItsBytes() {
    assertEquals("20\n{\"type\":\"HEARTBEAT\"}", RecordIo.frame(Buffer.buffer("{\"type\":\"HEARTBEAT\"}")).toString());
    // The length counts bytes, not characters.
    assertEquals("2\n\u00e9", RecordIo.frame("\u00e9".getBytes(StandardCharsets.UTF_8)).toString(StandardCharsets.UTF_8));
    assertEquals("0\n", RecordIo.frame(new byte[0]).toString());
  }

  @Test
  void decodesRecordsWhateverPiecesTheStreamArrivesIn() {
    List<String> sent = List.of("{\"type\":\"SUBSCRIBED\"}", "", "x".repeat(1000), "caf\u00e9\n12\n");
    Buffer stream = Buffer.buffer();
    sent.forEach(s -> stream.appendBuffer(RecordIo.frame(s.getBytes(StandardCharsets.UTF_8))));
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<String> received = new ArrayList<>();
      RecordIo.Decoder decoder = new RecordIo.Decoder(1 << 20, r -> received.add(r.toString(StandardCharsets.UTF_8)));
      int at = 0;
      while (at < stream.length()) {
        int size = trial == 0 ? 1 : 1 + random.nextInt(64);
        int end = Math.min(stream.length(), at + size);
        decoder.feed(stream.getBuffer(at, end));
        at = end;
      }
      assertEquals(sent, received, "trial " + trial);
      assertTrue(decoder.atRecordBoundary());
    }
  }

  @Test
  void aStreamCutInsideARecordIsNotAtABoundary() {
    RecordIo.Decoder decoder = new RecordIo.Decoder(100, r -> { });
    decoder.feed(Buffer.buffer("5\nab"));
    assertFalse(decoder.atRecordBoundary());
    decoder.feed(Buffer.buffer("cde1"));
    assertFalse(decoder.atRecordBoundary());
  }

  @Test
  void brokenStreamsAreRefused() {
    RecordIo.Decoder letters = new RecordIo.Decoder(100, r -> { });
    RecordIo.FramingException notDigits = assertThrows(RecordIo.FramingException.class, () -> letters.feed(Buffer.buffer("{\"type\"")));
    assertTrue(notDigits.getMessage().contains("not a digit"), notDigits.getMessage());
    assertThrows(RecordIo.FramingException.class, () -> letters.feed(Buffer.buffer("1\na")), "stays broken");

    RecordIo.Decoder empty = new RecordIo.Decoder(100, r -> { });
    assertThrows(RecordIo.FramingException.class, () -> empty.feed(Buffer.buffer("\n")));
  }

  @Test
  void recordsLargerThanTheLimitAreRefusedBeforeTheyAreBuffered() {
    List<Buffer> received = new ArrayList<>();
    RecordIo.Decoder decoder = new RecordIo.Decoder(10, received::add);
    decoder.feed(RecordIo.frame(Buffer.buffer("0123456789")));
    assertEquals(1, received.size());
    RecordIo.FramingException tooBig = assertThrows(RecordIo.FramingException.class, () -> decoder.feed(Buffer.buffer("11")));
    assertTrue(tooBig.getMessage().contains("limit"), tooBig.getMessage());
    RecordIo.Decoder huge = new RecordIo.Decoder(Integer.MAX_VALUE, r -> { });
    assertThrows(RecordIo.FramingException.class, () -> huge.feed(Buffer.buffer("99999999999999999999999\n")));
  }
}
