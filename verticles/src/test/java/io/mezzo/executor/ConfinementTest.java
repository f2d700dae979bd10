package io.mezzo.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfinementTest {
  @Test
  void preludeJoinsEveryCgroupAndSetsLimitsBeforeTheSwitch() {
    Confinement confinement = new Confinement(List.of(Path.of("/cg/memory/mezzo/r/cgroup.procs"), Path.of("/cg/it's")),
        List.of("--nproc=10"), Path.of("/usr/bin/prlimit"), new Confinement.User("nobody", 65534, 65534),
        Path.of("/usr/bin/setpriv"));
    assertEquals(":; echo $$ >'/cg/memory/mezzo/r/cgroup.procs' || exit 125; echo $$ >'/cg/it'\\''s' || exit 125"
        + "; '/usr/bin/prlimit' --pid $$ '--nproc=10' || exit 125", confinement.prelude());
    assertEquals("'/usr/bin/setpriv' --reuid=65534 --regid=65534 --init-groups --", confinement.execPrefix());
    assertEquals(":", Confinement.NONE.prelude());
    assertEquals("", Confinement.NONE.execPrefix());
  }
}
