package io.mezzo.agent;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mezzo.v1.internal.StatusUpdateRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's status update log in the agent's work dir: length-delimited
 * {@link StatusUpdateRecord}s, appended as updates arrive and as the framework acknowledges
 * them. Replaying it gives the updates still waiting for acknowledgement. Blocking: call it
 * from a worker thread.
 */
final class UpdateLog {
  private UpdateLog() {}

  static void append(Path file, StatusUpdateRecord record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(record.getSerializedSize() + 5);
    record.writeDelimitedTo(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * The records of a log, oldest first. A record cut short by a crash in the middle of an
   * append ends the log: what came before it is intact.
   */
  static List<StatusUpdateRecord> read(Path file) throws IOException {
    List<StatusUpdateRecord> records = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        // Not parseDelimitedFrom: it parses whatever bytes are left when fewer than the
        // record's length remain, so a record cut after a field would read as a shorter,
        // bogus record instead of ending the log.
        int first = in.read();
        if (first == -1) {
          break;
        }
        int size;
        try {
          size = CodedInputStream.readRawVarint32(first, in);
        } catch (IOException truncated) {
          break;
        }
        byte[] bytes = size < 0 ? new byte[0] : in.readNBytes(size);
        if (size < 0 || bytes.length < size) {
          break;
        }
        try {
          records.add(StatusUpdateRecord.parseFrom(bytes));
        } catch (InvalidProtocolBufferException truncated) {
          break;
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return records;
  }
}
