package io.mezzo.master.http;

import com.google.protobuf.ByteString;
import io.mezzo.agent.http.OpenedFile;
import io.mezzo.agent.http.SandboxPath;
import io.mezzo.bus.Failure;
import io.mezzo.bus.Refusal;
import io.mezzo.v1.FileInfo;
import io.mezzo.v1.TimeInfo;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The files a master node serves through the operator API's LIST_FILES and READ_FILE, by
 * virtual path as Mesos attaches them: {@value #LOG} is the node's log file, when logback
 * writes one. The file read is the one opened, checked as the agents check sandbox files
 * ({@link OpenedFile}: a regular file with a single name, where the log file lies), and only
 * regular files are read. The disk work runs on a worker.
 */
public final class MasterFiles {
  /** The virtual path of the master's log file, as in Mesos. */
  static final String LOG = "/master/log";
  /** The most one READ_FILE reads, Mesos's 16 memory pages. */
  static final int MAX_READ_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Supplier<Path> logFile;

  /** @param logFile the log file now, or null when there is none (looked up at every call) */
  public MasterFiles(Vertx vertx, Supplier<Path> logFile) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.logFile = Objects.requireNonNull(logFile, "logFile");
  }

  /** The listing of {@code path}: {@code /} and {@code /master} hold the log, which lists itself. */
  Future<Response> list(String path) {
    String virtual = virtual(path);
    if (!virtual.equals("/") && !virtual.equals("/master") && !virtual.equals(LOG)) {
      throw Refusal.notFound("No such file or directory: " + path + " (the master serves " + LOG + ")");
    }
    Path log = requireLog(path);
    return vertx.executeBlocking(() -> Response.newBuilder()
        .setType(Response.Type.LIST_FILES)
        .setListFiles(Response.ListFiles.newBuilder().addFileInfos(info(log, LOG)))
        .build(), false);
  }

  /** At most {@link #MAX_READ_BYTES} of the file at {@code read.path} from {@code read.offset}, and its size. */
  Future<Response> read(Call.ReadFile read) {
    if (!virtual(read.getPath()).equals(LOG)) {
      throw Refusal.notFound("No such file: " + read.getPath() + " (the master serves " + LOG + ")");
    }
    Path log = requireLog(read.getPath());
    // uint64: a length that reads negative in Java asks for more than the cap anyway.
    int length = read.hasLength() && read.getLength() >= 0 ? (int) Math.min(read.getLength(), MAX_READ_BYTES) : MAX_READ_BYTES;
    long offset = read.getOffset();
    return vertx.executeBlocking(() -> Response.newBuilder()
        .setType(Response.Type.READ_FILE)
        .setReadFile(chunk(log, offset, length))
        .build(), false);
  }

  private Path requireLog(String shown) {
    Path log = logFile.get();
    if (log == null) {
      throw Refusal.notFound("No such file: " + shown + ": this master writes no log file (its logback"
          + " configuration has no file appender)");
    }
    return log;
  }

  /** {@code path} with checked segments, as {@code /a/b}. */
  private static String virtual(String path) {
    List<String> segments = SandboxPath.segments(path);
    return "/" + String.join("/", segments);
  }

  private static Response.ReadFile chunk(Path log, long offset, int length) throws IOException {
    Path real = real(log);
    try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      OpenedFile.check(channel, real.getParent(), LOG);
      long size = channel.size();
      Response.ReadFile.Builder chunk = Response.ReadFile.newBuilder().setSize(size);
      if (offset >= size) {
        return chunk.setData(ByteString.EMPTY).build();
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, size - offset));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          break; // the file shrank meanwhile
        }
      }
      buffer.flip();
      return chunk.setData(ByteString.copyFrom(buffer)).build();
    } catch (AccessDeniedException e) {
      throw new Refusal(Failure.FORBIDDEN, "Permission denied: " + LOG);
    }
  }

  private static FileInfo info(Path log, String shown) throws IOException {
    Map<String, Object> unix = Files.readAttributes(real(log), "unix:mode,nlink,size,lastModifiedTime,owner,group",
        LinkOption.NOFOLLOW_LINKS);
    return FileInfo.newBuilder()
        .setPath(shown)
        .setNlink((Integer) unix.get("nlink"))
        .setSize((Long) unix.get("size"))
        .setMtime(TimeInfo.newBuilder().setNanoseconds(((FileTime) unix.get("lastModifiedTime")).toMillis() * 1_000_000L))
        .setMode((Integer) unix.get("mode"))
        .setUid(((UserPrincipal) unix.get("owner")).getName())
        .setGid(((GroupPrincipal) unix.get("group")).getName())
        .build();
  }

  /** The log file's real path: the file it names now, whatever symlinks lead to it. */
  private static Path real(Path log) throws IOException {
    try {
      return log.toRealPath();
    } catch (NoSuchFileException e) {
      throw Refusal.notFound("No such file: " + LOG + " (the log file is not there)");
    }
  }
}
