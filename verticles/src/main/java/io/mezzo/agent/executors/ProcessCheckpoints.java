package io.mezzo.agent.executors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mezzo.v1.internal.ProcessCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a built-in executor's tasks, checkpointed in the run's meta dir
 * ({@code <metaDir>/tasks/<taskId>/pids}) so that the run's next verticle, after an agent
 * restart, can re-attach to them. Blocking.
 */
public final class ProcessCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCheckpoints.class);

  private ProcessCheckpoints() {}

  /** Where a task's processes are checkpointed. */
  public static Path file(Path metaDir, String taskId) {
    return metaDir.resolve("tasks").resolve(taskId).resolve("pids");
  }

  static void write(Path file, ProcessCheckpoint checkpoint) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling("pids.tmp");
    Files.write(temporary, checkpoint.toByteArray());
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The checkpoint, or null when there is none or it is incomplete or unreadable. */
  public static ProcessCheckpoint read(Path file) throws IOException {
    try {
      ProcessCheckpoint processes = ProcessCheckpoint.parseFrom(Files.readAllBytes(file));
      if (processes.hasMonitorPid() && processes.hasMonitorStartMillis() && processes.hasTaskPid()) {
        return processes;
      }
      LOG.warn("ignoring incomplete {}", file);
    } catch (NoSuchFileException e) {
      // The agent ended between the launch and this checkpoint.
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("ignoring unreadable {}: {}", file, e.getMessage());
    }
    return null;
  }
}
