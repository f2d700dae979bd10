package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** disk/du: how much a sandbox takes on disk, as {@code du -s -k -x} counts it. Blocking. */
public final class DiskUsage {
  /** A sandbox of millions of files takes a while; one that takes longer is not measured. */
  static final long TIMEOUT_SECONDS = 120;

  private DiskUsage() {}

  /** The bytes the tree at {@code dir} takes, in whole KiB. */
  public static long bytes(Path dir) throws IOException, InterruptedException {
    Process du = new ProcessBuilder("du", "-s", "-k", "-x", "--", dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] out = du.getInputStream().readNBytes(4096);
    if (!du.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      du.destroyForcibly();
      throw new IOException("du of " + dir + " took over " + TIMEOUT_SECONDS + "s");
    }
    // du exits 1 when a file vanished while it walked; its total is still the best there is.
    return parse(new String(out, StandardCharsets.US_ASCII));
  }

  /** The first number of du's output, in KiB, as bytes. */
  static long parse(String output) throws IOException {
    String first = output.strip().split("\\s+", 2)[0];
    try {
      return Long.parseLong(first) * 1024;
    } catch (NumberFormatException e) {
      throw new IOException("unexpected du output '" + output.strip() + "'");
    }
  }
}
