package io.mezzo.agent.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Streams an open file into a response: chunks are read on a worker and written with flow
 * control, so neither a big file nor a slow client holds memory or an event loop. Unlike
 * {@code sendFile(FileChannel)}, which Vert.x supports on HTTP/1 only, this works on any
 * protocol, and it keeps the channel opened by {@link SandboxFileSystem} (no second open by
 * name that a task could redirect).
 */
final class FileStreamer {
  static final int CHUNK = 64 * 1024;

  private final WorkerExecutor worker;
  private final FileChannel channel;
  private final long size;
  private final HttpServerResponse response;
  private boolean closed;

  private FileStreamer(WorkerExecutor worker, FileChannel channel, long size, HttpServerResponse response) {
    this.worker = worker;
    this.channel = channel;
    this.size = size;
    this.response = response;
  }

  /** Sends the first {@code size} bytes of {@code channel} as the body, then closes the channel. */
  static void stream(WorkerExecutor worker, FileChannel channel, long size, HttpServerResponse response) {
    FileStreamer streamer = new FileStreamer(worker, channel, size, response);
    response.putHeader("Content-Length", Long.toString(size));
    response.closeHandler(v -> streamer.close());
    response.exceptionHandler(error -> streamer.close());
    streamer.send(0);
  }

  private void send(long position) {
    if (closed) {
      return;
    }
    if (position >= size) {
      response.end();
      close();
      return;
    }
    int length = (int) Math.min(CHUNK, size - position);
    worker.executeBlocking(() -> read(position, length), false)
        .onSuccess(chunk -> {
          if (closed) {
            return;
          }
          if (chunk.length() == 0) {
            // The file shrank under us: the promised length cannot be kept.
            response.reset();
            close();
            return;
          }
          response.write(chunk);
          long next = position + chunk.length();
          if (response.writeQueueFull()) {
            response.drainHandler(v -> send(next));
          } else {
            send(next);
          }
        })
        .onFailure(error -> {
          response.reset();
          close();
        });
  }

  private Buffer read(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return Buffer.buffer(buffer.array()).slice(0, buffer.position());
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }
}
