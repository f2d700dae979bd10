package io.mezzo.leader;

import io.mezzo.node.EpochFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The single master's election: always won, with an epoch that outlives restarts. */
@ExtendWith(VertxExtension.class)
class SoloContenderTest {
  @TempDir Path work;

  @Test
  void everyElectionOnTheSameWorkDirHasAHigherEpoch(Vertx vertx) throws Exception {
    Path workDir = work.resolve("master");

    // A fresh contender each time, as a restarted master would be: the epoch is on disk.
    for (long expected = 1; expected <= 3; expected++) {
      Leadership leadership = Await.result(new SoloContender(vertx, workDir).contend());
      assertEquals(expected, leadership.epoch());
    }
    assertEquals("3", Files.readString(workDir.resolve(EpochFile.NAME), StandardCharsets.UTF_8));
    assertFalse(Files.exists(workDir.resolve(EpochFile.NAME + ".tmp")), "no temporary file is left");

    SoloContender contender = new SoloContender(vertx, workDir);
    assertEquals(4, Await.result(contender.contend()).epoch());
    assertEquals(5, Await.result(contender.contend()).epoch(), "contending again after a loss is a new term");
  }

  @Test
  void aCorruptEpochFileFailsTheElectionSayingSo(Vertx vertx) throws Exception {
    Files.writeString(work.resolve(EpochFile.NAME), "12x\n");

    Throwable failure = Await.failure(new SoloContender(vertx, work).contend());

    assertTrue(failure instanceof IOException, failure.toString());
    assertTrue(failure.getMessage().startsWith("corrupt epoch file "), failure.getMessage());
    assertTrue(failure.getMessage().contains("'12x'"), failure.getMessage());
    assertEquals("12x\n", Files.readString(work.resolve(EpochFile.NAME)), "a corrupt file is left for the operator");
  }

  @Test
  void withdrawingEndsTheLeadership(Vertx vertx) {
    SoloContender contender = new SoloContender(vertx, work);
    Await.result(contender.withdraw()); // harmless before any election

    Leadership leadership = Await.result(contender.contend());
    assertFalse(leadership.lost().isComplete(), "a solo master keeps leading until it withdraws");

    Await.result(contender.withdraw());

    Await.result(leadership.lost());
    assertTrue(leadership.lost().succeeded());
  }
}
