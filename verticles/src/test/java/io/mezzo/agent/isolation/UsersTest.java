package io.mezzo.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.executor.Confinement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsersTest {
  @Test
  void theCommandsUserWinsThenTheFrameworksThenTheDefault() {
    assertEquals("a", Users.chosen("a", "b", "nobody"));
    assertEquals("b", Users.chosen("", "b", "nobody"));
    assertEquals("nobody", Users.chosen(null, "", "nobody"));
  }

  @Test
  void passwdLinesAndLookups() throws Exception {
    assertEquals(Optional.of(new Confinement.User("nobody", 65534, 65534)),
        Users.parse("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"));
    assertEquals(Optional.empty(), Users.parse("garbage"));
    assertEquals(Optional.of(new Confinement.User("root", 0, 0)), Users.lookup("root"));
    assertTrue(Users.lookup("no-such-user-15").isEmpty());
    assertTrue(Users.lookup("-x").isEmpty(), "never an option to getent");
  }

  @Test
  void diskUsageParsesDu() throws Exception {
    assertEquals(2048, DiskUsage.parse("2\t/some/dir\n"));
  }
}
