package io.mezzo.cli.run;

import io.mezzo.cli.client.MasterClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads a task's {@code stdout} or {@code stderr} through the master's
 * {@code GET /files/read?task_id=ID&path=stdout&offset=N}, which answers
 * {@code {"data": "...", "offset": N}} a chunk at a time, and an empty chunk at the end.
 * Reads stop at a bound, so a task that printed gigabytes cannot flood the terminal.
 */
final class TaskOutput {
  static final String PATH = "/files/read";
  /** Most bytes shown of one file. */
  static final long DEFAULT_MAX_BYTES = 1024 * 1024;
  /** Most requests for one file, in case a server keeps answering short chunks. */
  static final int MAX_CHUNKS = 10_000;

  /** What was read: the text, and whether it stopped short of the file's end. */
  record Read(String text, boolean truncated) {}

  private final MasterClient master;
  private final long maxBytes;

  TaskOutput(MasterClient master, long maxBytes) {
    this.master = Objects.requireNonNull(master, "master");
    this.maxBytes = maxBytes;
  }

  /**
   * Reads file {@code path} of task {@code taskId} from its start. Fails with a
   * {@link io.mezzo.cli.client.CliException} when the master cannot serve it.
   */
  Future<Read> read(String taskId, String path) {
    return readFrom(taskId, path, 0, new StringBuilder(), 0);
  }

  private Future<Read> readFrom(String taskId, String path, long offset, StringBuilder text, int chunks) {
    String uri = PATH + "?task_id=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8)
        + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + "&offset=" + offset;
    return master.request(HttpMethod.GET, uri, null, null).compose(body -> {
      String data;
      try {
        JsonObject chunk = new JsonObject(body);
        data = chunk.getString("data", "");
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(new IllegalStateException("the master sent an unreadable chunk of " + path));
      }
      if (data.isEmpty()) {
        return Future.succeededFuture(new Read(text.toString(), false));
      }
      long size = data.getBytes(StandardCharsets.UTF_8).length;
      long room = maxBytes - offset;
      if (size > room || chunks + 1 >= MAX_CHUNKS) {
        text.append(data, 0, (int) Math.min(data.length(), Math.max(0, room)));
        return Future.succeededFuture(new Read(text.toString(), true));
      }
      text.append(data);
      return readFrom(taskId, path, offset + size, text, chunks + 1);
    });
  }
}
