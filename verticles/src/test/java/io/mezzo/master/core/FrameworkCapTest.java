package io.mezzo.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.scheduler.Call;
import org.junit.jupiter.api.Test;

/**
 * The master takes at most {@code max_frameworks} registered frameworks: a new one beyond the
 * cap is refused and leaves nothing behind, while a framework it knows always gets back in and
 * a removed one frees its place.
 */
class FrameworkCapTest {
  private final Harness harness = new Harness(Fixtures.config().withMaxFrameworks(2)).start();

  @Test
  void newFrameworksBeyondTheCapAreRefusedWhileKnownOnesGetBackIn() {
    String a = harness.subscribe(Fixtures.newFramework("a").setFailoverTimeout(60).build(), harness.newStream());
    String bStream = harness.newStream();
    String b = harness.subscribe(Fixtures.newFramework("b").build(), bStream);

    Refusal refused = harness.refused(Failure.CONFLICT, Fixtures.subscribe(Fixtures.newFramework("c").build()),
        harness.newStream());
    assertTrue(refused.getMessage().contains("2 registered frameworks") && refused.getMessage().contains("max_frameworks"),
        refused.getMessage());
    assertEquals(2, harness.state().getGetFrameworks().getFrameworksCount(), "the refused one left nothing behind");

    String again = harness.subscribe(Fixtures.newFramework("a").setFailoverTimeout(60)
        .setId(FrameworkID.newBuilder().setValue(a)).build(), harness.newStream());
    assertEquals(a, again, "a framework the master knows fails over at the cap");

    harness.call(Fixtures.call(Call.Type.TEARDOWN, b).build(), bStream);
    harness.subscribe(Fixtures.newFramework("c").build(), harness.newStream());
    assertEquals(2, harness.state().getGetFrameworks().getFrameworksCount(), "a removed framework no longer counts");
  }
}
