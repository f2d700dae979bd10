package io.mezzo.checks.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.CheckInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a check's attempts run, and how a slow one is bounded: Mesos's schedule, on a fake clock. */
class CheckLoopTest {
  private final FakePort port = new FakePort();
  private final List<ProbeResult> results = new ArrayList<>();

  private static CheckSpec tcp(long delayMillis, long intervalMillis, long timeoutMillis) {
    return new CheckSpec(CheckInfo.Type.TCP, delayMillis * 1_000_000L, intervalMillis * 1_000_000L,
        timeoutMillis * 1_000_000L, null, false, 8080, "/", false);
  }

  @Test
  void firstAttemptAfterTheDelayThenIntervalAfterEachEnds() {
    CheckLoop loop = new CheckLoop(tcp(15_000, 10_000, 20_000), port, results::add);
    loop.start();
    port.advance(14_999);
    assertEquals(0, port.started.size());
    port.advance(1);
    assertEquals(List.of(15_000L), port.startedAtMillis);

    // The attempt takes 3 s: the next starts 10 s after it ended, not after it began.
    port.advance(3_000);
    port.answer(ProbeResult.tcp(true));
    port.advance(9_999);
    assertEquals(1, port.started.size());
    port.advance(1);
    assertEquals(List.of(15_000L, 28_000L), port.startedAtMillis);
    assertEquals(List.of(ProbeResult.tcp(true)), results);
  }

  @Test
  void anAttemptPastItsTimeoutIsAbortedAndCountsAsAResultlessFailure() {
    CheckLoop loop = new CheckLoop(tcp(0, 1_000, 2_000), port, results::add);
    loop.start();
    port.advance(1);
    FakePort.Pending first = port.started.get(0);
    port.advance(2_000);
    assertTrue(first.aborted);
    assertEquals(1, results.size());
    assertEquals("TCP check of 127.0.0.1:8080 timed out after 2s", results.get(0).error());

    // A late answer of the aborted attempt is dropped.
    first.done.accept(ProbeResult.tcp(true));
    assertEquals(1, results.size());
    port.advance(1_000);
    assertEquals(2, port.started.size());
  }

  @Test
  void neverMoreThanOneAttemptAtATimeWhateverTheInterval() {
    CheckLoop loop = new CheckLoop(tcp(0, 0, 0), port, results::add);
    loop.start();
    port.advance(60_000);
    // No timeout (0): the one attempt waits, and nothing else starts meanwhile.
    assertEquals(1, port.started.size());
    assertEquals(1, port.pending.size());
    port.answer(ProbeResult.tcp(false));
    // An interval of 0 still leaves the minimum between attempts.
    port.advance(CheckSpec.MIN_INTERVAL_NANOS / 1_000_000L - 1);
    assertEquals(1, port.started.size());
    port.advance(1);
    assertEquals(2, port.started.size());
  }

  @Test
  void anAttemptAnsweringAtOnceIsHandledLikeAnyOther() {
    port.answerNext(ProbeResult.exitCode(1), ProbeResult.exitCode(0));
    CheckLoop loop = new CheckLoop(tcp(0, 1_000, 5_000), port, results::add);
    loop.start();
    port.advance(1_001);
    assertEquals(List.of(ProbeResult.exitCode(1), ProbeResult.exitCode(0)), results);
    assertFalse(loop.attempting());
  }

  @Test
  void stopAbortsTheAttemptUnderWayAndLeavesNoTimer() {
    CheckLoop loop = new CheckLoop(tcp(0, 1_000, 5_000), port, results::add);
    loop.start();
    port.advance(1);
    loop.stop();
    assertTrue(port.started.get(0).aborted);
    assertEquals(0, port.timers());
    port.advance(60_000);
    assertEquals(1, port.started.size());
    assertEquals(List.of(), results);
  }
}
