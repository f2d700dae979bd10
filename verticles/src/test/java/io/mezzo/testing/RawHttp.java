package io.mezzo.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Speaks HTTP/1.1 byte by byte over a plain socket, for requests no well-behaved client
 * sends: bad versions, broken chunking, a request cut off half-way. Every read is bounded.
 */
public final class RawHttp implements AutoCloseable {
  /** A response as it came off the wire. */
  public record Response(String statusLine, int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code host:port}; each later read waits at most {@code readTimeout}. */
  public static RawHttp connect(String host, int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), (int) readTimeout.toMillis());
    socket.setSoTimeout((int) readTimeout.toMillis());
    return new RawHttp(socket);
  }

  /** Sends {@code text} (ISO-8859-1) and whatever follows, as it is. */
  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** One request, then its response: a shorthand for the common case. */
  public static Response exchange(String host, int port, String request) throws IOException {
    try (RawHttp http = connect(host, port, Duration.ofSeconds(10))) {
      return http.send(request).response();
    }
  }

  /** Reads one response: status line, headers, and a body of Content-Length bytes (or up to the close). */
  public Response response() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the server closed the connection without a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : readToEnd();
    String[] parts = statusLine.split(" ", 3);
    return new Response(statusLine, Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Whether the server closed the connection: true once a read sees the end of the stream
   * (any bytes before it are dropped), false when nothing came within the read timeout.
   */
  public boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // Drain what the server sent before closing.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // A reset is a close too.
      return true;
    }
  }

  private byte[] readToEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    in.transferTo(body);
    return body.toByteArray();
  }

  /** One CRLF-terminated line without its terminator; null at the end of the stream. */
  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() > 64 * 1024) {
        throw new IOException("a response line longer than 64 KiB");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
