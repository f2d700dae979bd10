package io.mezzo.agent.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives unpack as they should, and nothing in one can reach outside the sandbox. */
class ArchivesTest {
  @TempDir
  Path dir;
  Path sandbox;
  Path outside;

  @BeforeEach
  void dirs() throws IOException {
    sandbox = Files.createDirectories(dir.resolve("sandbox"));
    outside = Files.createDirectories(dir.resolve("outside"));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private void extract(String name, byte[] bytes) throws IOException {
    Archives.extract(write(name, bytes), Archives.kind(name), name, sandbox, 1 << 20);
  }

  private FetchException refused(String name, byte[] bytes) {
    return assertThrows(FetchException.class, () -> extract(name, bytes));
  }

  @Test
  void kindsGoBySuffixAsMesosReadsThem() {
    assertEquals(Archives.Kind.TAR, Archives.kind("a.tar"));
    assertEquals(Archives.Kind.TAR_GZ, Archives.kind("a.tgz"));
    assertEquals(Archives.Kind.TAR_GZ, Archives.kind("A.TAR.GZ"));
    assertEquals(Archives.Kind.TAR_BZ2, Archives.kind("a.tbz2"));
    assertEquals(Archives.Kind.TAR_BZ2, Archives.kind("a.tar.bz2"));
    assertEquals(Archives.Kind.TAR_XZ, Archives.kind("a.txz"));
    assertEquals(Archives.Kind.TAR_XZ, Archives.kind("a.tar.xz"));
    assertEquals(Archives.Kind.ZIP, Archives.kind("a.zip"));
    assertEquals(Archives.Kind.GZ, Archives.kind("data.csv.gz"));
    assertNull(Archives.kind("run.sh"));
    assertNull(Archives.kind(".gz"));
  }

  @Test
  void tarGzUnpacksFilesDirectoriesLinksAndModes() throws IOException {
    extract("app.tar.gz", TestArchives.tarGz()
        .directory("app")
        .file("app/run.sh", "#!/bin/sh\necho hi\n", 04755)
        .file("app/conf/settings", "x=1\n", 0640)
        .symlink("app/current", "run.sh")
        .symlink("app/conf-link", "../app/conf")
        .hardLink("app/run2.sh", "app/run.sh")
        .bytes());
    Path run = sandbox.resolve("app/run.sh");
    assertEquals("#!/bin/sh\necho hi\n", Files.readString(run));
    // setuid is dropped; the rest of the mode stays.
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.resolve("app/conf/settings"))));
    assertEquals(Path.of("run.sh"), Files.readSymbolicLink(sandbox.resolve("app/current")));
    assertEquals("x=1\n", Files.readString(sandbox.resolve("app/conf-link/settings")));
    assertEquals(Files.getAttribute(run, "unix:ino"), Files.getAttribute(sandbox.resolve("app/run2.sh"), "unix:ino"));
  }

  @Test
  void tarXzTarAndZipAndBareGzUnpackToo() throws IOException {
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZCompressorOutputStream out = new XZCompressorOutputStream(xz)) {
      out.write(TestArchives.tar().file("x.txt", "xz\n", 0644).bytes());
    }
    extract("a.txz", xz.toByteArray());
    extract("b.tar", TestArchives.tar().file("t.txt", "tar\n", 0644).bytes());
    extract("c.zip", TestArchives.zip("z/run.sh", "echo zip\n", "z/link", "->run.sh"));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write("a,b\n".getBytes(StandardCharsets.UTF_8));
    }
    extract("data.csv.gz", gz.toByteArray());
    assertEquals("xz\n", Files.readString(sandbox.resolve("x.txt")));
    assertEquals("tar\n", Files.readString(sandbox.resolve("t.txt")));
    assertEquals("echo zip\n", Files.readString(sandbox.resolve("z/run.sh")));
    assertTrue(Files.isExecutable(sandbox.resolve("z/run.sh")));
    assertEquals(Path.of("run.sh"), Files.readSymbolicLink(sandbox.resolve("z/link")));
    assertEquals("a,b\n", Files.readString(sandbox.resolve("data.csv")));
  }

  @Test
  void dotDotAndAbsoluteNamesAreRefused() {
    assertEquals("archive entry '../evil' points outside the sandbox",
        refused("a.tgz", TestArchives.tarGz().file("../evil", "x", 0644).bytes()).getMessage());
    assertEquals("archive entry 'a/../../evil' points outside the sandbox",
        refused("a.tar", TestArchives.tar().file("a/../../evil", "x", 0644).bytes()).getMessage());
    assertEquals("archive entry '/tmp/evil' has an absolute path",
        refused("a.tar", TestArchives.tar().file("/tmp/evil", "x", 0644).bytes()).getMessage());
    assertEquals("archive entry '../../evil.sh' points outside the sandbox",
        refused("z.zip", TestArchives.zip("../../evil.sh", "x")).getMessage());
    assertFalse(Files.exists(dir.resolve("evil")));
    assertFalse(Files.exists(dir.resolve("evil.sh")));
  }

  @Test
  void symlinksPointingOutAreRefusedAndNothingIsWrittenThroughOne() {
    assertEquals("archive entry 'etc' is a symbolic link pointing outside: /etc",
        refused("a.tar", TestArchives.tar().symlink("etc", "/etc").bytes()).getMessage());
    assertEquals("archive entry 'up' is a symbolic link pointing outside: ../outside",
        refused("a.tar", TestArchives.tar().symlink("up", "../outside").bytes()).getMessage());
    assertTrue(refused("z.zip", TestArchives.zip("up", "->../outside")).getMessage().contains("pointing outside"));
    // A link that points inside when made, turned outward by a later link on its way.
    FetchException swapped = refused("b.tar", TestArchives.tar()
        .directory("sub/d")
        .symlink("sub/l", "d/../../outside")
        .symlink("sub/d", ".")
        .bytes());
    assertTrue(swapped.getMessage().contains("symbolic link pointing outside"), swapped.getMessage());
    assertFalse(Files.exists(sandbox.resolve("sub/l"), LinkOption.NOFOLLOW_LINKS), "the escaping link is removed");
  }

  @Test
  void filesAreNeverWrittenThroughALinkLeftByAnEarlierEntry() throws IOException {
    Files.writeString(outside.resolve("victim"), "safe");
    // "inside" points at a file inside; a later entry of that name replaces the link, not its target.
    extract("a.tar", TestArchives.tar()
        .file("target", "t", 0644)
        .symlink("inside", "target")
        .file("inside", "replaced", 0644)
        .bytes());
    assertEquals("t", Files.readString(sandbox.resolve("target")));
    assertEquals("replaced", Files.readString(sandbox.resolve("inside")));
    assertFalse(Files.isSymbolicLink(sandbox.resolve("inside")));
    assertEquals("safe", Files.readString(outside.resolve("victim")));
  }

  @Test
  void hardLinksToAnythingOutsideOrMissingAreRefused() throws IOException {
    Files.writeString(outside.resolve("secret"), "s");
    assertTrue(refused("a.tar", TestArchives.tar().hardLink("h", "../outside/secret").bytes())
        .getMessage().startsWith("archive entry 'h' is a hard link to something outside"));
    assertTrue(refused("a.tar", TestArchives.tar().hardLink("h", "/etc/passwd").bytes())
        .getMessage().startsWith("archive entry 'h' is a hard link to something outside"));
    assertTrue(refused("a.tar", TestArchives.tar().symlink("out", "sub").directory("sub").hardLink("h", "missing").bytes())
        .getMessage().contains("not extracted"));
  }

  @Test
  void archiveBombsEndAtTheSizeLimit() throws IOException {
    byte[] big = TestArchives.tarGz().file("zeros", "0".repeat(3 << 20), 0644).bytes();
    assertTrue(big.length < (1 << 20), "compresses well");
    Path archive = write("bomb.tgz", big);
    FetchException error = assertThrows(FetchException.class,
        () -> Archives.extract(archive, Archives.Kind.TAR_GZ, "bomb.tgz", sandbox, 1 << 20));
    assertEquals("archive unpacks to more than 1048576 bytes (fetcher_max_size)", error.getMessage());
  }

  @Test
  void aCorruptArchiveFailsWithAnError() throws IOException {
    Path archive = write("bad.tgz", "not gzip".getBytes(StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> Archives.extract(archive, Archives.Kind.TAR_GZ, "bad.tgz", sandbox, 1 << 20));
    assertEquals(List.of(), Files.list(sandbox).toList());
  }
}
