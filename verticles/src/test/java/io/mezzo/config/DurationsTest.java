package io.mezzo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations as people write them in config files and flags. */
class DurationsTest {
  @Test
  void everyUnitParses() {
    assertEquals(Duration.ofNanos(7), Durations.parse("7ns"));
    assertEquals(Duration.ofNanos(7_000), Durations.parse("7us"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(15), Durations.parse("15s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofDays(3), Durations.parse("3d"));
  }

  @Test
  void fractionsAndBlanksAreAccepted() {
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1.5m"));
    assertEquals(Duration.ofSeconds(10), Durations.parse(" 10 s "));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
  }

  @Test
  void anythingElseFailsQuotingTheText() {
    for (String text : List.of("", "15", "s", "-1s", "1.s", "1e3ms", "15 sec", "1S", "1s2", "soon", "1 h 2 m")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text), text);
      assertTrue(e.getMessage().startsWith("'" + text + "' is not a duration"), e.getMessage());
    }
  }

  @Test
  void absurdlyLongDurationsFail() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("1000000000d"));
    assertEquals("'1000000000d' is too long a duration", e.getMessage());
  }

  @Test
  void formatGivesTheShortestExactFormThatParsesBack() {
    assertEquals("2h", Durations.format(Duration.ofHours(2)));
    assertEquals("90m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("15s", Durations.format(Duration.ofSeconds(15)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals("10ms", Durations.format(Duration.ofMillis(10)));
    assertEquals("1001ns", Durations.format(Duration.ofNanos(1001)));
    assertEquals("0s", Durations.format(Duration.ZERO));
    for (Duration d : List.of(Duration.ofDays(1), Duration.ofMillis(1), Duration.ofNanos(1), Duration.ofSeconds(61), Duration.ZERO)) {
      assertEquals(d, Durations.parse(Durations.format(d)), d.toString());
    }
  }
}
