package io.mezzo.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Apache Mesos's RecordIO framing of event streams: every record is its length in bytes as
 * decimal digits, a newline, then exactly that many bytes ({@code 20\n{"type":"HEARTBEAT"}}).
 * There is no magic number and no trailer.
 */
public final class RecordIo {
  /** Longest length prefix read: enough digits for any record a decoder accepts. */
  static final int MAX_LENGTH_DIGITS = 19;

  private RecordIo() {}

  /** One record holding {@code data}. */
  public static Buffer frame(Buffer data) {
    Objects.requireNonNull(data, "data");
    byte[] header = (data.length() + "\n").getBytes(StandardCharsets.US_ASCII);
    return Buffer.buffer(header.length + data.length()).appendBytes(header).appendBuffer(data);
  }

  /** One record holding {@code data}. */
  public static Buffer frame(byte[] data) {
    return frame(Buffer.buffer(data));
  }

  /** A stream that is not RecordIO, or holds a record larger than the reader accepts. */
  public static final class FramingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FramingException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Splits a stream arriving in pieces of any size back into records. Records larger than
   * the limit are refused before they are buffered, so a broken or hostile peer cannot make
   * the reader hold more than one record's worth of memory. Not thread-safe: feed it from
   * one thread (an event loop).
   */
  public static final class Decoder {
    private final long maxRecordBytes;
    private final Consumer<Buffer> records;
    private long length = -1;
    private int digits;
    private Buffer record;
    private boolean failed;

    /** A decoder that hands each complete record to {@code records}. */
    public Decoder(long maxRecordBytes, Consumer<Buffer> records) {
      if (maxRecordBytes < 0 || maxRecordBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxRecordBytes must be between 0 and " + Integer.MAX_VALUE);
      }
      this.maxRecordBytes = maxRecordBytes;
      this.records = Objects.requireNonNull(records, "records");
    }

    /**
     * Consumes the next piece of the stream, delivering every record it completes.
     *
     * @throws FramingException when the stream is not valid RecordIO; the decoder then
     *     refuses any further input
     */
    public void feed(Buffer piece) {
      if (failed) {
        throw new FramingException("the stream was already found broken");
      }
      int i = 0;
      int end = piece.length();
      while (i < end) {
        if (record == null) {
          i = readLength(piece, i, end);
        } else {
          int take = (int) Math.min(length - record.length(), end - i);
          record.appendBuffer(piece, i, take);
          i += take;
        }
        if (record != null && record.length() == length) {
          Buffer complete = record;
          record = null;
          length = -1;
          records.accept(complete);
        }
      }
    }

    /** Whether the stream so far ended exactly after a record (a clean place to stop). */
    public boolean atRecordBoundary() {
      return !failed && record == null && digits == 0;
    }

    private int readLength(Buffer piece, int start, int end) {
      int i = start;
      while (i < end) {
        byte b = piece.getByte(i++);
        if (b == '\n') {
          if (digits == 0) {
            throw fail("a record has an empty length");
          }
          record = Buffer.buffer((int) length);
          digits = 0;
          return i;
        }
        if (b < '0' || b > '9') {
          throw fail("a record length holds the byte " + (b & 0xff) + ", not a digit");
        }
        if (++digits > MAX_LENGTH_DIGITS) {
          throw fail("a record length has more than " + MAX_LENGTH_DIGITS + " digits");
        }
        length = (digits == 1 ? 0 : length) * 10 + (b - '0');
        // Checked digit by digit, so the length can neither overflow nor be buffered first.
        if (length > maxRecordBytes) {
          throw fail("a record is larger than the limit of " + maxRecordBytes + " bytes");
        }
      }
      return i;
    }

    private FramingException fail(String why) {
      failed = true;
      return new FramingException("invalid RecordIO stream: " + why);
    }
  }
}
