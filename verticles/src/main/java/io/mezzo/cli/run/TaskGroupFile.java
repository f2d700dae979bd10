package io.mezzo.cli.run;

import io.mezzo.bus.Refusal;
import io.mezzo.cli.client.CliException;
import io.mezzo.http.JsonText;
import io.mezzo.http.ProtoJson;
import io.mezzo.v1.TaskGroupInfo;
import io.mezzo.v1.TaskInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the JSON TaskGroupInfo of {@code mezzo run --task-group FILE} (Mesos's field names,
 * as {@code mesos-execute --task_group} takes it). Only what the file must hold for the run
 * to place it is checked here; the master validates the rest and answers TASK_ERROR.
 */
public final class TaskGroupFile {
  /** The largest file read: far above any sensible group, far below harm. */
  static final long MAX_BYTES = 4L << 20;

  private TaskGroupFile() {}

  /** @throws CliException (exit code 2) naming what is wrong with the file */
  public static TaskGroupInfo read(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CliException("task group file " + file + " is larger than " + MAX_BYTES + " bytes", 2);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException("cannot read task group file " + file + ": " + e.getMessage(), 2);
    }
    TaskGroupInfo group;
    try {
      group = ProtoJson.parse(JsonText.of(bytes, "TaskGroupInfo"), TaskGroupInfo.newBuilder()).build();
    } catch (Refusal e) {
      throw new CliException("task group file " + file + ": " + e.getMessage(), 2);
    }
    if (group.getTasksCount() == 0) {
      throw new CliException("task group file " + file + " has no tasks", 2);
    }
    for (TaskInfo task : group.getTasksList()) {
      if (task.getTaskId().getValue().isEmpty()) {
        throw new CliException("task group file " + file + ": every task needs a task_id", 2);
      }
    }
    return group;
  }
}
