package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.mezzo.agent.executors.ProcessCheckpoints;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.TaskState;
import io.mezzo.v1.TaskStatus;
import io.mezzo.v1.internal.ProcessCheckpoint;
import io.mezzo.v1.internal.StatusUpdate;
import io.mezzo.v1.internal.StatusUpdateRecord;
import io.mezzo.v1.internal.TaskCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restarted agent makes of the checkpoints it finds in its work dir. */
class AgentRecoveryReadTest {
  private static final String FRAMEWORK = "fw-1";

  @TempDir Path work;

  private AgentPaths paths;

  @BeforeEach
  void setUp() {
    paths = new AgentPaths(work);
  }

  @Test
  void taskWhoseTerminalUpdateWasAcknowledgedIsDoneAndItsCheckpointsGo() throws Exception {
    launched("done");
    log("done", update("done", TaskState.TASK_RUNNING, 1), ack(1), update("done", TaskState.TASK_FINISHED, 2), ack(2));

    assertEquals(List.of(), AgentRecovery.read(paths));
    assertFalse(Files.exists(paths.taskDir(FRAMEWORK, "done")));
  }

  @Test
  void unacknowledgedUpdatesComeBackInOrderWithTheirUuids() throws Exception {
    launched("t");
    StatusUpdate killing = update("t", TaskState.TASK_KILLING, 2);
    StatusUpdate killed = update("t", TaskState.TASK_KILLED, 3);
    log("t", update("t", TaskState.TASK_RUNNING, 1), ack(1), killing, killed);

    AgentRecovery.Checkpoint checkpoint = AgentRecovery.read(paths).get(0);

    assertEquals(List.of(killing, killed), checkpoint.unacknowledged());
    assertEquals(TaskState.TASK_KILLED, checkpoint.state());
    assertNotNull(checkpoint.launch());
  }

  @Test
  void taskWithoutUpdatesIsStaging() throws Exception {
    launched("t");

    AgentRecovery.Checkpoint checkpoint = AgentRecovery.read(paths).get(0);

    assertEquals(TaskState.TASK_STAGING, checkpoint.state());
  }

  @Test
  void processesAreReadAndCutShortPidsCountAsMissing() throws Exception {
    Path file = ProcessCheckpoints.file(work.resolve("meta/frameworks/fw-1/executors/t/runs/run-1"), "t");
    Files.createDirectories(file.getParent());
    ProcessCheckpoint pids = ProcessCheckpoint.newBuilder().setMonitorPid(10).setMonitorStartMillis(20).setTaskPid(11).build();
    Files.write(file, pids.toByteArray());
    assertEquals(pids, ProcessCheckpoints.read(file));

    byte[] bytes = pids.toByteArray();
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 2));
    assertNull(ProcessCheckpoints.read(file));
  }

  @Test
  void launchCutShortBeforeAnythingRanIsRemoved() throws Exception {
    byte[] full = checkpoint("t", sandbox("t").toString()).toByteArray();
    Files.createDirectories(paths.taskDir(FRAMEWORK, "t"));
    // Cut at a field boundary: it parses, but without its run ID and sandbox.
    int frameworkAndTask = full.length - checkpoint("t", sandbox("t").toString()).toBuilder().clearFramework()
        .clearTask().build().getSerializedSize();
    Files.write(paths.taskInfo(FRAMEWORK, "t"), Arrays.copyOf(full, frameworkAndTask));

    assertEquals(List.of(), AgentRecovery.read(paths));
    assertFalse(Files.exists(paths.taskDir(FRAMEWORK, "t")));
  }

  @Test
  void sandboxOutsideTheWorkDirIsNotTrustedButOwedUpdatesStay() throws Exception {
    Files.createDirectories(paths.taskDir(FRAMEWORK, "t"));
    Files.write(paths.taskInfo(FRAMEWORK, "t"), checkpoint("t", "/etc").toByteArray());
    StatusUpdate running = update("t", TaskState.TASK_RUNNING, 1);
    log("t", running);

    AgentRecovery.Checkpoint checkpoint = AgentRecovery.read(paths).get(0);

    assertNull(checkpoint.launch());
    assertEquals(List.of(running), checkpoint.unacknowledged());
  }

  @Test
  void directoriesThatAreNotTaskIdsAreLeftAlone() throws Exception {
    Path odd = paths.frameworksDir().resolve(FRAMEWORK).resolve("tasks").resolve(".hidden");
    Files.createDirectories(odd);

    assertEquals(List.of(), AgentRecovery.read(paths));
    assertTrue(Files.exists(odd));
  }

  private Path sandbox(String taskId) {
    return paths.workDir().resolve("agents/a1/frameworks/" + FRAMEWORK + "/executors/" + taskId + "/runs/r1");
  }

  private TaskCheckpoint checkpoint(String taskId, String sandbox) {
    return TaskCheckpoint.newBuilder()
        .setFramework(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(FRAMEWORK)).setUser("u").setName("n"))
        .setTask(TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId)))
        .setRunId("r1")
        .setSandbox(sandbox)
        .build();
  }

  private void launched(String taskId) throws Exception {
    Files.createDirectories(paths.taskDir(FRAMEWORK, taskId));
    Files.write(paths.taskInfo(FRAMEWORK, taskId), checkpoint(taskId, sandbox(taskId).toString()).toByteArray());
  }

  private void log(String taskId, Object... records) throws Exception {
    for (Object record : records) {
      StatusUpdateRecord logged = record instanceof StatusUpdate update
          ? StatusUpdateRecord.newBuilder().setType(StatusUpdateRecord.Type.UPDATE).setUpdate(update).build()
          : (StatusUpdateRecord) record;
      UpdateLog.append(paths.taskUpdates(FRAMEWORK, taskId), logged);
    }
  }

  private static StatusUpdate update(String taskId, TaskState state, int uuid) {
    return StatusUpdate.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK))
        .setStatus(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state).setUuid(uuid(uuid)))
        .build();
  }

  private static StatusUpdateRecord ack(int uuid) {
    return StatusUpdateRecord.newBuilder().setType(StatusUpdateRecord.Type.ACK).setUuid(uuid(uuid)).build();
  }

  private static ByteString uuid(int n) {
    byte[] bytes = new byte[16];
    bytes[15] = (byte) n;
    return ByteString.copyFrom(bytes);
  }

  @Test
  void executorRunsAreReadFromTheirCheckpointsAndOnesNamingAnotherRunOrPlaceAreIgnored() throws Exception {
    Path runs = work.resolve("meta").resolve("frameworks").resolve(FRAMEWORK).resolve("executors").resolve("e1").resolve("runs");
    Path sandbox = work.resolve("agents").resolve("a1").resolve("frameworks").resolve(FRAMEWORK).resolve("executors")
        .resolve("e1").resolve("runs");
    writeExecutor(runs.resolve("r1"), "r1", sandbox.resolve("r1"));
    writeExecutor(runs.resolve("r2"), "r3", sandbox.resolve("r2"));
    writeExecutor(runs.resolve("r4"), "r4", Path.of("/tmp/elsewhere"));
    Files.createDirectories(runs.resolve("r5")); // a command executor's run: no executor.info

    List<io.mezzo.v1.internal.ExecutorCheckpoint> found = AgentRecovery.readExecutors(paths);

    assertEquals(1, found.size());
    assertEquals("r1", found.get(0).getRunId());
    assertEquals("e1", found.get(0).getExecutor().getExecutorId().getValue());
  }

  private void writeExecutor(Path runDir, String runId, Path sandbox) throws Exception {
    Files.createDirectories(runDir);
    Files.write(runDir.resolve(io.mezzo.agent.executors.ExecutorRuns.EXECUTOR_INFO),
        io.mezzo.v1.internal.ExecutorCheckpoint.newBuilder()
            .setFramework(FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(FRAMEWORK)))
            .setExecutor(io.mezzo.v1.ExecutorInfo.newBuilder()
                .setExecutorId(io.mezzo.v1.ExecutorID.newBuilder().setValue("e1"))
                .setType(io.mezzo.v1.ExecutorInfo.Type.CUSTOM))
            .setRunId(runId)
            .setSandbox(sandbox.toAbsolutePath().normalize().toString())
            .build().toByteArray());
  }
}
