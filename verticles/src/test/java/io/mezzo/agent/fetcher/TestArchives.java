package io.mezzo.agent.fetcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds archives in memory for tests, hostile ones included (names no archiver would write). */
public final class TestArchives {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  private TestArchives(boolean gzip) {
    try {
      tar = new TarArchiveOutputStream(gzip ? new GzipCompressorOutputStream(bytes) : bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  /** A gzipped tar. */
  public static TestArchives tarGz() {
    return new TestArchives(true);
  }

  /** A plain tar. */
  public static TestArchives tar() {
    return new TestArchives(false);
  }

  public TestArchives file(String name, String content, int mode) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    entry.setMode(mode | 0100000);
    return put(entry, data);
  }

  public TestArchives directory(String name) {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
    entry.setMode(040755);
    return put(entry, null);
  }

  public TestArchives symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    entry.setLinkName(target);
    return put(entry, null);
  }

  public TestArchives hardLink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
    entry.setLinkName(target);
    return put(entry, null);
  }

  private TestArchives put(TarArchiveEntry entry, byte[] data) {
    try {
      tar.putArchiveEntry(entry);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The archive's bytes; the archive is finished. */
  public byte[] bytes() {
    try {
      tar.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip of {@code name -> content} pairs; a content starting with "->" makes a Unix symlink to the rest. */
  public static byte[] zip(String... namesAndContents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        ZipArchiveEntry entry = new ZipArchiveEntry(namesAndContents[i]);
        String content = namesAndContents[i + 1];
        boolean link = content.startsWith("->");
        entry.setUnixMode(link ? 0120777 : 0100755);
        zip.putArchiveEntry(entry);
        zip.write((link ? content.substring(2) : content).getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
