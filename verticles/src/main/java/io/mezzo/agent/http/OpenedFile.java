package io.mezzo.agent.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The last gate of the files API: what a channel actually has open, as Linux tells it, not
 * what its path named a moment before. A task owns its sandbox and can change it between any
 * check of a path and the open: swap a directory for a symlink, or {@code ln /etc/passwd x}
 * (a hard link, which no realpath check sees). So once a file is open, its descriptor is
 * looked up in {@code /proc/self/fd}; the kernel's path of the opened file must lie in the
 * sandbox, and the file must have exactly one name, since the other names of a hard link
 * may lie anywhere. Nothing is served before this passes, and the channel read is the one
 * checked. Blocking: call it on a worker.
 *
 * <p>Java does not hand out a channel's descriptor number, so it is found by a mark: the
 * channel's position is set to a random value, which {@code /proc/self/fdinfo} shows for
 * that descriptor alone. Reads use explicit positions, which the mark does not disturb.
 */
public final class OpenedFile {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path FD_INFO = Path.of("/proc/self/fdinfo");

  private OpenedFile() {}

  /**
   * Checks that {@code channel} has open a regular file of {@code realSandbox} with a single name.
   *
   * @param shown the path as the client gave it, for messages
   * @throws Refusal 403 for a file outside the sandbox or with several names, 404 for one
   *     deleted since it was opened
   */
  public static void check(FileChannel channel, Path realSandbox, String shown) throws IOException {
    // Positions past a file system's largest file are refused (ext4 allows 16 TiB); any other
    // descriptor's position equals this one by chance about once in a trillion.
    long mark = ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40);
    channel.position(mark);
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(FDS)) {
      for (Path descriptor : descriptors) {
        Path target = targetOrNull(descriptor);
        // Sockets, pipes and the like have no absolute target: never the channel's.
        if (target != null && target.isAbsolute() && position(descriptor.getFileName().toString()) == mark) {
          check(descriptor, target, realSandbox, shown);
          return;
        }
      }
    } finally {
      channel.position(0);
    }
    throw new IOException("the opened file of " + shown + " is not among this process's descriptors");
  }

  private static void check(Path descriptor, Path target, Path realSandbox, String shown) throws IOException {
    // Following the descriptor's link reaches the opened file itself, whatever its names are now.
    Map<String, Object> file = Files.readAttributes(descriptor, "unix:mode,nlink");
    int links = (Integer) file.get("nlink");
    if (links == 0) {
      throw Refusal.notFound("No such file or directory: " + shown + " (deleted)");
    }
    if (!target.startsWith(realSandbox)) {
      throw new Refusal(Failure.FORBIDDEN, "The path leads outside the sandbox: " + shown);
    }
    if (((Integer) file.get("mode") & 0170000) != 0100000) {
      throw Refusal.badRequest(shown + " is not a regular file");
    }
    if (links > 1) {
      throw new Refusal(Failure.FORBIDDEN, shown + " has " + links + " names (hard links): files with other names, which may"
          + " lie outside the sandbox, are not served");
    }
  }

  private static Path targetOrNull(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor);
    } catch (IOException | UnsupportedOperationException e) {
      return null; // closed meanwhile: not the channel's, which is open
    }
  }

  /** The file position /proc reports for descriptor {@code name}; -1 when it cannot tell. */
  private static long position(String name) {
    try {
      for (String line : Files.readAllLines(FD_INFO.resolve(name), StandardCharsets.US_ASCII)) {
        if (line.startsWith("pos:")) {
          return Long.parseLong(line.substring(4).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Closed meanwhile, or unreadable: not the channel's.
    }
    return -1;
  }
}
