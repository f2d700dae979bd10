package io.mezzo.mesos;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/** Mesos's RecordIO framing, read the way its clients read it: {@code <length>\n<bytes>}. */
final class RecordIo {
  /** Longest record accepted: far above any event a test sees, so a broken length fails fast. */
  static final int MAX_RECORD = 16 * 1024 * 1024;

  private RecordIo() {}

  /** The next record, or null at a clean end of stream. */
  static byte[] next(DataInputStream in) throws IOException {
    long length = 0;
    int digits = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (digits == 0) {
          return null;
        }
        throw new EOFException("the stream ended inside a record length");
      }
      if (c == '\n') {
        break;
      }
      if (c < '0' || c > '9' || ++digits > 10) {
        throw new IOException("bad RecordIO length byte " + c);
      }
      length = length * 10 + (c - '0');
    }
    if (digits == 0 || length > MAX_RECORD) {
      throw new IOException("bad RecordIO length " + length);
    }
    byte[] record = new byte[(int) length];
    in.readFully(record);
    return record;
  }
}
