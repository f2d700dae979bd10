package io.mezzo.agent.fetcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the archives the fetcher recognises, with Apache Commons Compress (a maintained
 * reader of every format Mesos's fetcher extracts), into a directory, refusing anything
 * that would reach outside it: absolute names, {@code ..} (zip-slip), symbolic links
 * pointing out, hard links to files outside, writes through links, device files. Bounded:
 * at most {@code maxBytes} unpacked and {@link #MAX_ENTRIES} entries, so an archive bomb
 * ends as a clear error. Blocking: run it on a worker.
 */
final class Archives {
  /** Entries one archive may hold; a real application's archive is far below. */
  static final int MAX_ENTRIES = 100_000;

  /** What a file name says it is, by its suffix as Mesos's fetcher reads it. */
  enum Kind {
    TAR, TAR_GZ, TAR_BZ2, TAR_XZ, ZIP,
    /** A single gzipped file, unpacked next to it without its .gz (Mesos runs gunzip). */
    GZ
  }

  private Archives() {}

  /** The kind of archive {@code name} is, or null when it is none. */
  static Kind kind(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".tar")) {
      return Kind.TAR;
    }
    if (lower.endsWith(".tgz") || lower.endsWith(".tar.gz")) {
      return Kind.TAR_GZ;
    }
    if (lower.endsWith(".tbz2") || lower.endsWith(".tar.bz2")) {
      return Kind.TAR_BZ2;
    }
    if (lower.endsWith(".txz") || lower.endsWith(".tar.xz")) {
      return Kind.TAR_XZ;
    }
    if (lower.endsWith(".zip")) {
      return Kind.ZIP;
    }
    return lower.endsWith(".gz") && lower.length() > 3 ? Kind.GZ : null;
  }

  /**
   * Unpacks {@code archive}, of {@code kind}, named {@code name} (for a bare .gz, the file it
   * holds is named after it), into {@code root}; nothing is ever written outside it.
   *
   * @throws FetchException naming the entry that was refused, or why the archive is unreadable
   */
  static void extract(Path archive, Kind kind, String name, Path root, long maxBytes) throws IOException {
    Target target = new Target(root.toRealPath(), maxBytes);
    switch (kind) {
      case TAR -> tar(Files.newInputStream(archive), target);
      case TAR_GZ -> tar(new GzipCompressorInputStream(buffered(archive), true), target);
      case TAR_BZ2 -> tar(new BZip2CompressorInputStream(buffered(archive), true), target);
      case TAR_XZ -> tar(new XZCompressorInputStream(buffered(archive), true), target);
      case ZIP -> zip(archive, target);
      case GZ -> {
        String file = Path.of(name).getFileName().toString();
        try (InputStream in = new GzipCompressorInputStream(buffered(archive), true)) {
          target.file(file.substring(0, file.length() - 3), in, 0644);
        }
      }
    }
    target.checkLinks();
  }

  private static InputStream buffered(Path file) throws IOException {
    return new BufferedInputStream(Files.newInputStream(file));
  }

  private static void tar(InputStream raw, Target target) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        target.count();
        String name = entry.getName();
        if (entry.isDirectory()) {
          target.directory(name);
        } else if (entry.isSymbolicLink()) {
          target.symlink(name, entry.getLinkName());
        } else if (entry.isLink()) {
          target.hardLink(name, entry.getLinkName());
        } else if (entry.isFile()) {
          target.file(name, in, entry.getMode());
        } else {
          throw new FetchException("archive entry '" + name + "' is a device, fifo or other special file");
        }
      }
    }
  }

  private static void zip(Path archive, Target target) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        target.count();
        String name = entry.getName();
        if (entry.isDirectory()) {
          target.directory(name);
        } else if (entry.isUnixSymlink()) {
          target.symlink(name, zip.getUnixSymlink(entry));
        } else {
          // Zip archives made on Unix keep the mode in the upper half of the attributes.
          int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0644;
          try (InputStream in = zip.getInputStream(entry)) {
            target.file(name, in, mode == 0 ? 0644 : mode);
          }
        }
      }
    }
  }

  /** The directory being filled, with the checks every entry passes. */
  private static final class Target {
    private final Path root;
    private final long maxBytes;
    private final List<Path> links = new ArrayList<>();
    private long bytes;
    private int entries;

    Target(Path realRoot, long maxBytes) {
      this.root = realRoot;
      this.maxBytes = maxBytes;
    }

    void count() throws FetchException {
      if (++entries > MAX_ENTRIES) {
        throw new FetchException("archive has more than " + MAX_ENTRIES + " entries");
      }
    }

    void directory(String name) throws IOException {
      Path dir = place(name, true);
      if (dir.equals(root)) {
        return;
      }
      if (Files.isSymbolicLink(dir) || (Files.exists(dir) && !Files.isDirectory(dir))) {
        throw new FetchException("archive entry '" + name + "' would replace a file with a directory");
      }
      Files.createDirectories(dir);
    }

    void file(String name, InputStream in, int mode) throws IOException {
      Path file = place(name, false);
      // Never write through what is there: a link left by an earlier entry could point anywhere.
      Files.deleteIfExists(file);
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          bytes += n;
          if (bytes > maxBytes) {
            throw new FetchException("archive unpacks to more than " + maxBytes + " bytes (fetcher_max_size)");
          }
          out.write(buffer, 0, n);
        }
      }
      Files.setPosixFilePermissions(file, permissions(mode & 0777));
    }

    void symlink(String name, String linkTarget) throws IOException {
      if (linkTarget == null || linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
        throw new FetchException("archive entry '" + name + "' is a symbolic link without a target");
      }
      Path link = place(name, false);
      Path target = Path.of(linkTarget);
      if (target.isAbsolute() || !link.getParent().resolve(target).normalize().startsWith(root)) {
        throw new FetchException("archive entry '" + name + "' is a symbolic link pointing outside: " + linkTarget);
      }
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, target);
      links.add(link);
    }

    void hardLink(String name, String linkTarget) throws IOException {
      Path link = place(name, false);
      Path existing = root.resolve(linkTarget == null ? "" : linkTarget).normalize();
      Path real = existing.startsWith(root) && Files.exists(existing) ? existing.toRealPath() : null;
      if (real == null || !real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new FetchException(
            "archive entry '" + name + "' is a hard link to something outside or not extracted: " + linkTarget);
      }
      Files.deleteIfExists(link);
      Files.createLink(link, real);
    }

    /**
     * Every link made, checked once all entries are in place: a later entry (a link that
     * replaces a directory on the way) could have turned a link that pointed inside outward.
     */
    void checkLinks() throws IOException {
      for (Path link : links) {
        Path resolved = resolved(link);
        if (!resolved.startsWith(root)) {
          Files.deleteIfExists(link);
          throw new FetchException(
              "archive entry '" + root.relativize(link) + "' is a symbolic link pointing outside: " + resolved);
        }
      }
    }

    /** Where {@code link} leads now: its real path, or, when it dangles, its target taken literally. */
    private Path resolved(Path link) throws IOException {
      if (Files.exists(link)) {
        return link.toRealPath();
      }
      Path target = Files.readSymbolicLink(link);
      return link.getParent().toRealPath().resolve(target).normalize();
    }

    /**
     * The real path for entry {@code name}: inside the root, lexically and after following
     * every link on the way to its directory (which is created).
     */
    private Path place(String name, boolean directory) throws IOException {
      if (name.isEmpty() || name.indexOf('\0') >= 0) {
        throw new FetchException("archive entry has an empty or invalid name");
      }
      Path relative = Path.of(name);
      if (relative.isAbsolute()) {
        throw new FetchException("archive entry '" + name + "' has an absolute path");
      }
      Path lexical = root.resolve(relative).normalize();
      if (!lexical.startsWith(root) || (!directory && lexical.equals(root))) {
        throw new FetchException("archive entry '" + name + "' points outside the sandbox");
      }
      if (lexical.equals(root)) {
        return root;
      }
      Path parent = lexical.getParent();
      Files.createDirectories(parent);
      Path realParent = parent.toRealPath();
      if (!realParent.startsWith(root)) {
        throw new FetchException("archive entry '" + name + "' leads outside the sandbox through a link");
      }
      return realParent.resolve(lexical.getFileName());
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    // The agent reads and replaces what it unpacked; setuid and friends are dropped (mode & 0777).
    permissions.add(PosixFilePermission.OWNER_READ);
    permissions.add(PosixFilePermission.OWNER_WRITE);
    return permissions;
  }
}
