package io.mezzo.master.http.dashboard;

import io.vertx.core.buffer.Buffer;

/**
 * The frames of a server-sent event stream (the {@code text/event-stream} format browsers'
 * {@code EventSource} reads). Pure.
 */
final class SseFrame {
  private SseFrame() {}

  /** An event named {@code name} carrying {@code data}; each line of data gets its own field. */
  static Buffer event(String name, String data) {
    StringBuilder frame = new StringBuilder(data.length() + name.length() + 16).append("event: ").append(name).append('\n');
    // Any of CR, LF or CRLF ends a line in this format; a field per line keeps data intact.
    for (String line : data.split("\r\n|\r|\n", -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    return Buffer.buffer(frame.append('\n').toString());
  }

  /** How long the browser waits before it reconnects a broken stream. */
  static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  /** A comment, which readers ignore: keeps idle connections (and proxies) from timing out. */
  static Buffer comment(String text) {
    return Buffer.buffer(": " + text.replaceAll("[\r\n]", " ") + "\n\n");
  }
}
