package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.internal.StatusUpdateRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's status update log survives as far as it was written, and no further. */
class UpdateLogTest {
  @TempDir Path work;

  static StatusUpdateRecord update(String taskId, TaskState state, int uuid) {
    TaskStatus status =
        TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue(taskId))
            .setState(state)
            .setUuid(uuid(uuid))
            .setMessage("state " + state)
            .build();
    return StatusUpdateRecord.newBuilder()
        .setType(StatusUpdateRecord.Type.UPDATE)
        .setUpdate(
            StatusUpdate.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("f1"))
                .setAgentId(AgentID.newBuilder().setValue("a1"))
                .setStatus(status))
        .build();
  }

  static StatusUpdateRecord ack(int uuid) {
    return StatusUpdateRecord.newBuilder().setType(StatusUpdateRecord.Type.ACK).setUuid(uuid(uuid)).build();
  }

  private static ByteString uuid(int n) {
    byte[] bytes = new byte[16];
    Arrays.fill(bytes, (byte) n);
    return ByteString.copyFrom(bytes);
  }

  @Test
  void appendedRecordsReadBackInOrder() throws Exception {
    Path file = work.resolve("meta/frameworks/f1/tasks/t1/task.updates");
    List<StatusUpdateRecord> records =
        List.of(update("t1", TaskState.TASK_RUNNING, 1), update("t1", TaskState.TASK_FINISHED, 2), ack(1), ack(2));

    for (StatusUpdateRecord record : records) {
      UpdateLog.append(file, record);
    }

    assertTrue(Files.isRegularFile(file), "append creates the task's directories");
    assertEquals(records, UpdateLog.read(file));
  }

  @Test
  void aLastRecordCutShortAnywhereEndsTheLogAfterTheIntactOnes() throws Exception {
    Path file = work.resolve("task.updates");
    List<StatusUpdateRecord> intact = List.of(update("t1", TaskState.TASK_RUNNING, 1), ack(1));
    for (StatusUpdateRecord record : intact) {
      UpdateLog.append(file, record);
    }
    long intactBytes = Files.size(file);
    // Both kinds of record as the one being written when the agent died.
    for (StatusUpdateRecord last : List.of(update("t1", TaskState.TASK_FAILED, 2), ack(2))) {
      Path whole = work.resolve("whole");
      Files.copy(file, whole, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      UpdateLog.append(whole, last);
      byte[] bytes = Files.readAllBytes(whole);
      for (int cut = (int) intactBytes + 1; cut < bytes.length; cut++) {
        Path truncated = work.resolve("cut-" + cut);
        Files.write(truncated, Arrays.copyOf(bytes, cut));

        assertEquals(intact, UpdateLog.read(truncated), "log cut at byte " + cut + " of " + bytes.length);
      }
      assertEquals(List.of(intact.get(0), intact.get(1), last), UpdateLog.read(whole));
    }
  }

  @Test
  void aMissingLogIsEmpty() throws Exception {
    assertEquals(List.of(), UpdateLog.read(work.resolve("task.updates")));
    assertEquals(List.of(), UpdateLog.read(work.resolve("no/such/dir/task.updates")));
  }

  @Test
  void anEmptyLogIsEmpty() throws Exception {
    Path file = Files.createFile(work.resolve("task.updates"));

    assertEquals(List.of(), UpdateLog.read(file));
  }
}
