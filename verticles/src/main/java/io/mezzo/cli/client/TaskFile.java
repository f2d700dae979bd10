package io.mezzo.cli.client;

import io.mezzo.model.TaskStates;
import io.mezzo.v1.TaskState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One file of a task's sandbox, read through the master's {@code /files/read} in chunks.
 * Blocking: for the CLI's main thread.
 */
public final class TaskFile {
  /** The most one read asks for: what the agent returns at most anyway. */
  public static final long CHUNK = 1024 * 1024;
  /** How far back a tail reads, at most, looking for the start of its lines. */
  static final long MAX_TAIL_BYTES = 8L * 1024 * 1024;
  static final long TAIL_STEP = 64 * 1024;

  /** The master's header with the task's latest state. */
  static final String TASK_STATE_HEADER = "X-Mezzo-Task-State";

  private final MasterClient client;
  private final String query;

  /**
   * @param frameworkId the task's framework, or null to let the master find it
   * @param path the file, relative to the sandbox (e.g. {@code stdout})
   */
  public TaskFile(MasterClient client, String taskId, String frameworkId, String path) {
    this.client = client;
    this.query = "task_id=" + encode(taskId) + (frameworkId == null ? "" : "&framework_id=" + encode(frameworkId))
        + "&path=" + encode(path);
  }

  /**
   * What one read answered: on success {@code data} from {@code offset}, covering
   * {@code length} bytes of the file; otherwise the {@code error}. {@code state} is the
   * task's latest state, null when the master does not know the task.
   */
  public record Answer(int status, TaskState state, String error, String data, long offset, long length) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Whether the task has ended for good, so its files will not change any more. */
    public boolean ended() {
      return state != null && TaskStates.isTerminal(state);
    }

    /** This answer, or a {@link CliException} with its error when it failed. */
    public Answer orThrow() {
      if (!ok()) {
        throw new CliException(error);
      }
      return this;
    }
  }

  /** The last lines of the file, and the offset just after them, where a follower goes on. */
  public record Tail(String text, long end) {}

  /** Reads at most {@code length} bytes from {@code offset} (-1: none, from the end). */
  public Answer read(long offset, long length) {
    String uri = "/files/read?" + query + "&offset=" + offset + "&length=" + length;
    Future<Answer> answer = client.exchange(HttpMethod.GET, uri, null, null, null, 0)
        .compose(response -> response.body().map(body -> answer(response, body)));
    return MasterClient.await(answer, MasterClient.DEFAULT_TIMEOUT);
  }

  private Answer answer(HttpClientResponse response, Buffer body) {
    int status = response.statusCode();
    TaskState state = state(response.getHeader(TASK_STATE_HEADER));
    if (status < 200 || status >= 300) {
      return new Answer(status, state, MasterClient.errorMessage(status, body), "", 0, 0);
    }
    try {
      JsonObject json = new JsonObject(body);
      String data = json.getString("data", "");
      long offset = json.getLong("offset", 0L);
      // Older agents (and Mesos) send no length: then the data is all the file held there.
      long length = json.getLong("length", (long) data.getBytes(StandardCharsets.UTF_8).length);
      return new Answer(status, state, null, data, offset, length);
    } catch (DecodeException | ClassCastException e) {
      throw new CliException("the master at " + client.master() + " sent an invalid answer to a file read");
    }
  }

  /** The last {@code lines} lines of the file (fewer when the file has fewer). */
  public Tail tail(int lines) {
    long size = read(-1, 0).orThrow().offset();
    if (lines == 0 || size == 0) {
      return new Tail("", size);
    }
    Answer last = read(Math.max(0, size - TAIL_STEP), size - Math.max(0, size - TAIL_STEP)).orThrow();
    StringBuilder text = new StringBuilder(last.data());
    long first = last.offset();
    long end = last.offset() + last.length();
    while (first > 0 && newlines(text) <= lines && end - first < MAX_TAIL_BYTES) {
      long start = Math.max(0, first - TAIL_STEP);
      Answer before = read(start, first - start).orThrow();
      if (before.length() == 0) {
        break; // the file shrank meanwhile
      }
      text.insert(0, before.data());
      first = before.offset();
    }
    String collected = text.toString();
    if (first > 0 && collected.indexOf('\n') >= 0) {
      collected = collected.substring(collected.indexOf('\n') + 1); // a line cut at the start
    }
    return new Tail(lastLines(collected, lines), end);
  }

  /** The last {@code count} lines of {@code text}, a final line without a newline included. */
  static String lastLines(String text, int count) {
    int position = text.endsWith("\n") ? text.length() - 1 : text.length();
    for (int i = 0; i < count; i++) {
      position = text.lastIndexOf('\n', position - 1);
      if (position < 0) {
        return text;
      }
    }
    return text.substring(position + 1);
  }

  private static int newlines(CharSequence text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return count;
  }

  private static TaskState state(String header) {
    if (header == null) {
      return null;
    }
    try {
      return TaskState.valueOf(header.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
