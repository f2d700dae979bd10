package io.mezzo.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitStatusTest {
  @Test
  void zeroIsSuccess() {
    ExitStatus status = new ExitStatus(0);
    assertTrue(status.success());
    assertFalse(status.signaled());
    assertEquals(0, status.signal());
    assertEquals("Command exited with status 0", status.describe());
  }

  @Test
  void plainFailure() {
    ExitStatus status = new ExitStatus(3);
    assertFalse(status.success());
    assertFalse(status.signaled());
    assertEquals("Command exited with status 3", status.describe());
  }

  @Test
  void codesAbove128AreSignals() {
    assertEquals("Command terminated with signal 15 (SIGTERM)", new ExitStatus(143).describe());
    assertEquals("Command terminated with signal 9 (SIGKILL)", new ExitStatus(137).describe());
    assertEquals("Command terminated with signal 2 (SIGINT)", new ExitStatus(130).describe());
    assertEquals("Command terminated with signal 11 (SIGSEGV)", new ExitStatus(139).describe());
    assertEquals(9, new ExitStatus(137).signal());
    assertEquals("SIGRTMIN+6", ExitStatus.signalName(40));
  }

  @Test
  void codesBeyondTheLastSignalAreExitCodes() {
    assertFalse(new ExitStatus(128).signaled());
    assertFalse(new ExitStatus(255).signaled());
    assertEquals("Command exited with status 255", new ExitStatus(255).describe());
    assertTrue(new ExitStatus(192).signaled());
    assertFalse(new ExitStatus(193).signaled());
  }

  @Test
  void unknownIsNeitherSuccessNorSignal() {
    ExitStatus status = ExitStatus.unknown();
    assertTrue(status.isUnknown());
    assertFalse(status.success());
    assertFalse(status.signaled());
    assertTrue(status.describe().contains("unknown"));
  }

  @Test
  void impossibleCodesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ExitStatus(-2));
    assertThrows(IllegalArgumentException.class, () -> new ExitStatus(256));
  }
}
