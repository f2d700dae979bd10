package io.mezzo.agent.http;

import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files API's disk work, confined to an agent's sandboxes. Blocking: call it on a worker.
 *
 * <p>Tasks run as the agent's user and can write anything into their sandboxes, symlinks
 * included ({@code ln -s / escape}), so every path is resolved to its real path and must
 * stay inside the real path of its own sandbox, and the way from the sandboxes root down to
 * that sandbox must hold no symlink at all. Files are opened by their real path without
 * following a last symlink, and only regular files are read (a FIFO would block a worker).
 * A path check cannot see hard links, nor a directory swapped for a symlink between the
 * check and the open: so what was opened is checked again before a byte is read
 * ({@link OpenedFile}).
 */
final class SandboxFileSystem {
  /** Entries listed by one browse; the rest are left out (and the reply says so). */
  static final int MAX_ENTRIES = 10_000;

  private final Path root;

  /** @param root the sandboxes root, {@code <work_dir>/agents}, absolute and normalized */
  SandboxFileSystem(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** A chunk of a file: text from byte {@code offset}, covering {@code length} bytes of the file. */
  record Chunk(String data, long offset, long length) {}

  /** A regular file opened for download; the caller closes the channel. */
  record Download(FileChannel channel, long size) {}

  /** A listing; {@code truncated} when the directory held more than {@link #MAX_ENTRIES}. */
  record Listing(JsonArray entries, boolean truncated) {}

  /** A path's real path, and the real path of the sandbox it lies in. */
  record Located(Path sandbox, Path real) {}

  /**
   * The sandbox of the newest run of a task, found on disk, or null.
   */
  Path newestRun(String agentId, String frameworkId, String taskId) throws IOException {
    Path runs = root.resolve(agentId).resolve("frameworks").resolve(frameworkId)
        .resolve("executors").resolve(taskId).resolve("runs");
    if (!Files.isDirectory(runs, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path newest = null;
    FileTime newestTime = null;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs)) {
      for (Path run : entries) {
        BasicFileAttributes attributes = attributesOrNull(run);
        if (attributes == null || !attributes.isDirectory()) {
          continue;
        }
        int order = newest == null ? 1 : attributes.lastModifiedTime().compareTo(newestTime);
        if (order > 0 || order == 0 && run.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
          newest = run;
          newestTime = attributes.lastModifiedTime();
        }
      }
    }
    return newest;
  }

  /** The frameworks with a sandbox of task {@code taskId} on disk. */
  Set<String> frameworksWith(String agentId, String taskId) throws IOException {
    Set<String> frameworks = new TreeSet<>();
    Path dir = root.resolve(agentId).resolve("frameworks");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return frameworks;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path framework : entries) {
        if (Files.isDirectory(framework.resolve("executors").resolve(taskId).resolve("runs"), LinkOption.NOFOLLOW_LINKS)) {
          frameworks.add(framework.getFileName().toString());
        }
      }
    }
    return frameworks;
  }

  /** The sandbox an absolute path lies in, or the sandboxes root for a path above every sandbox. */
  Path sandboxOf(Path path) {
    Path relative = root.relativize(path);
    if (relative.getNameCount() >= 7
        && relative.getName(1).toString().equals("frameworks")
        && relative.getName(3).toString().equals("executors")
        && relative.getName(5).toString().equals("runs")) {
      return root.resolve(relative.subpath(0, 7));
    }
    return root;
  }

  /**
   * The real path of {@code path}, which must lie inside {@code sandbox} (a directory at or
   * below the root) once every symlink is resolved.
   *
   * @param sandboxName the sandbox, for messages
   * @param shown the path as the client gave it, for messages (never the real path, which
   *     would tell where a symlink points)
   * @throws Refusal 404 when either is missing, 403 when the path leads outside
   */
  Located inside(Path sandbox, String sandboxName, Path path, String shown) throws IOException {
    Path realSandbox;
    try {
      Path realRoot = root.toRealPath();
      realSandbox = sandbox.toRealPath();
      // Sandboxes are the agent's own directories: no symlink may stand between them and the root.
      if (!realSandbox.equals(realRoot.resolve(root.relativize(sandbox)))) {
        throw new Refusal(Failure.FORBIDDEN, "The sandbox of " + sandboxName + " is not a plain directory of this agent");
      }
    } catch (NoSuchFileException e) {
      throw Refusal.notFound("The sandbox of " + sandboxName + " does not exist (yet)");
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw Refusal.notFound("No such file or directory: " + shown);
    } catch (AccessDeniedException e) {
      throw new Refusal(Failure.FORBIDDEN, "Permission denied: " + shown);
    }
    if (!real.startsWith(realSandbox)) {
      throw new Refusal(Failure.FORBIDDEN, "The path leads outside the sandbox: " + shown);
    }
    return new Located(realSandbox, real);
  }

  /** The entries of directory {@code real}, sorted by name, each named {@code shown/name}. */
  Listing browse(Path real, String shown) throws IOException {
    BasicFileAttributes attributes = attributes(real, shown);
    if (!attributes.isDirectory()) {
      throw Refusal.badRequest(shown + " is not a directory; read or download it instead");
    }
    List<Path> entries = new ArrayList<>();
    boolean truncated = false;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(real)) {
      for (Path entry : stream) {
        if (entries.size() == MAX_ENTRIES) {
          truncated = true;
          break;
        }
        entries.add(entry);
      }
    } catch (AccessDeniedException e) {
      throw new Refusal(Failure.FORBIDDEN, "Permission denied: " + shown);
    }
    entries.sort(Comparator.comparing(entry -> entry.getFileName().toString()));
    String prefix = shown.isEmpty() || shown.endsWith("/") ? shown : shown + "/";
    JsonArray listing = new JsonArray();
    for (Path entry : entries) {
      JsonObject info = info(entry, prefix + entry.getFileName());
      if (info != null) {
        listing.add(info);
      }
    }
    return new Listing(listing, truncated);
  }

  /**
   * At most {@code length} bytes of regular file {@code real} from {@code offset}; from
   * offset -1, or past the end, no data and the file's size as the offset.
   */
  Chunk read(Located file, String shown, long offset, int length) throws IOException {
    Path real = file.real();
    requireRegularFile(real, shown);
    try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      OpenedFile.check(channel, file.sandbox(), shown);
      long size = channel.size();
      if (offset < 0 || offset >= size) {
        return new Chunk("", size, 0);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, size - offset));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          break; // the file shrank meanwhile
        }
      }
      int count = buffer.position();
      return Utf8Chunks.decode(buffer.array(), count, offset, offset + count >= size);
    } catch (AccessDeniedException e) {
      throw new Refusal(Failure.FORBIDDEN, "Permission denied: " + shown);
    }
  }

  /** Opens regular file {@code file} for download. */
  Download open(Located file, String shown) throws IOException {
    requireRegularFile(file.real(), shown);
    FileChannel channel;
    try {
      channel = FileChannel.open(file.real(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      throw new Refusal(Failure.FORBIDDEN, "Permission denied: " + shown);
    }
    try {
      OpenedFile.check(channel, file.sandbox(), shown);
      return new Download(channel, channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void requireRegularFile(Path real, String shown) throws IOException {
    BasicFileAttributes attributes = attributes(real, shown);
    if (attributes.isDirectory()) {
      throw Refusal.badRequest(shown + " is a directory; browse it instead");
    }
    if (!attributes.isRegularFile()) {
      throw Refusal.badRequest(shown + " is not a regular file");
    }
  }

  private static BasicFileAttributes attributes(Path real, String shown) throws IOException {
    try {
      return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw Refusal.notFound("No such file or directory: " + shown);
    }
  }

  private static BasicFileAttributes attributesOrNull(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * One entry as Mesos's browse shows it. Symlinks are described, not followed: their
   * targets may lie outside the sandbox.
   */
  private static JsonObject info(Path entry, String shown) {
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(entry, "unix:mode,nlink,size,lastModifiedTime,owner,group", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      return null; // gone since the listing, or unreadable: leave it out
    }
    return new JsonObject()
        .put("path", shown)
        .put("size", (Long) unix.get("size"))
        .put("mode", mode((Integer) unix.get("mode")))
        .put("mtime", ((FileTime) unix.get("lastModifiedTime")).toMillis() / 1000)
        .put("nlink", (Integer) unix.get("nlink"))
        .put("uid", ((UserPrincipal) unix.get("owner")).getName())
        .put("gid", ((GroupPrincipal) unix.get("group")).getName());
  }

  /** {@code st_mode} as {@code ls -l} writes it, e.g. {@code drwxr-xr-x}. */
  static String mode(int mode) {
    char type = switch (mode & 0170000) {
      case 0040000 -> 'd';
      case 0120000 -> 'l';
      case 0010000 -> 'p';
      case 0020000 -> 'c';
      case 0060000 -> 'b';
      case 0140000 -> 's';
      default -> '-';
    };
    StringBuilder text = new StringBuilder().append(type);
    String letters = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      text.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
    }
    special(text, 3, (mode & 04000) != 0, 's');
    special(text, 6, (mode & 02000) != 0, 's');
    special(text, 9, (mode & 01000) != 0, 't');
    return text.toString();
  }

  private static void special(StringBuilder text, int index, boolean set, char letter) {
    if (set) {
      text.setCharAt(index, text.charAt(index) == 'x' ? letter : Character.toUpperCase(letter));
    }
  }
}
