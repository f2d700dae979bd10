package io.mezzo.executor;

import static io.mezzo.executor.Tasks.await;
import static io.mezzo.executor.Tasks.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.Value;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class CommandExecutorTest {
  @TempDir Path work;

  private Tasks tasks;

  @BeforeEach
  void setUp(Vertx vertx) {
    tasks = new Tasks(new CommandExecutor(vertx));
  }

  @AfterEach
  void tearDown() throws Exception {
    tasks.close();
  }

  @Test
  void commandWritesToSandboxStdoutAndSucceeds() throws Exception {
    Path sandbox = work.resolve("run1");
    TaskProcess task = tasks.launch(sandbox, "echo $MEZZO_TASK_ID", Map.of("MEZZO_TASK_ID", "task-1"));

    ExitStatus status = await(task.exit());

    assertEquals(0, status.code());
    assertTrue(status.success());
    assertEquals("Command exited with status 0", status.describe());
    assertEquals("task-1\n", read(sandbox.resolve("stdout")));
    assertEquals("", read(sandbox.resolve("stderr")));
    assertEquals("0\n", read(sandbox.resolve(".mezzo/exit_status")));
    assertEquals(sandbox, task.sandbox());
  }

  @Test
  void failingCommandReportsItsStatusAndStderr() throws Exception {
    Path sandbox = work.resolve("run");
    TaskProcess task = tasks.launch(sandbox, "echo oops >&2; exit 3");

    ExitStatus status = await(task.exit());

    assertEquals(3, status.code());
    assertFalse(status.success());
    assertFalse(status.signaled());
    assertEquals("Command exited with status 3", status.describe());
    assertEquals("oops\n", read(sandbox.resolve("stderr")));
  }

  @Test
  void taskRunsInItsOwnSessionApartFromItsMonitor() throws Exception {
    TaskProcess task = tasks.launch(work, "sleep 600");

    String[] taskStat = ProcFs.stat(task.taskPid()).orElseThrow();
    String[] monitorStat = ProcFs.stat(task.monitorPid()).orElseThrow();
    long agentSession = Long.parseLong(ProcFs.stat(ProcessHandle.current().pid()).orElseThrow()[3]);

    assertEquals(task.monitorPid(), Long.parseLong(taskStat[1]), "the monitor is the task's parent");
    assertEquals(task.taskPid(), Long.parseLong(taskStat[2]), "process group");
    assertEquals(task.taskPid(), Long.parseLong(taskStat[3]), "session");
    assertEquals(task.monitorPid(), Long.parseLong(monitorStat[2]), "monitor's process group");
    assertEquals(task.monitorPid(), Long.parseLong(monitorStat[3]), "monitor's session");
    assertNotEquals(agentSession, task.monitorPid());
    assertEquals(
        ProcessHandle.of(task.monitorPid()).orElseThrow().info().startInstant().orElseThrow().toEpochMilli(),
        task.monitorStartMillis());
    assertEquals(Long.toString(task.taskPid()), read(work.resolve(".mezzo/pid")).strip());
  }

  @Test
  void taskDoesNotIgnoreOrBlockSignalsTheAgentDoesNotIgnore() throws Exception {
    // The monitor runs the task in the foreground precisely so that sh does not set
    // SIGINT and SIGQUIT to ignored, as it does for background commands.
    long interruptAndQuit = (1L << (2 - 1)) | (1L << (3 - 1));
    assumeTrue(
        (ProcFs.signalSet(ProcessHandle.current().pid(), "SigIgn") & interruptAndQuit) == 0,
        "this JVM was started with SIGINT or SIGQUIT ignored, which every child inherits");
    TaskProcess task = tasks.launch(work, "sleep 600");
    // Look at sleep itself: shells block every signal for a moment around their forks.
    long sleep = Tasks.awaitRunning(task, "sleep");

    assertEquals(0, ProcFs.signalSet(sleep, "SigIgn") & interruptAndQuit);
    assertEquals(0, ProcFs.signalSet(sleep, "SigBlk"));
    await(task.kill(java.time.Duration.ofSeconds(1)));
  }

  @Test
  void leaderExitingTakesItsBackgroundChildrenAlong() throws Exception {
    TaskProcess task = tasks.launch(work, "sleep 600 & echo $! >bg.pid; exit 0");

    ExitStatus status = await(task.exit());

    assertTrue(status.success());
    long child = Long.parseLong(read(work.resolve("bg.pid")).strip());
    assertFalse(ProcFs.alive(child), "background child " + child + " still runs");
    Tasks.assertGroupGone(task);
  }

  @Test
  void portsAndCommandVariablesReachTheProcess() throws Exception {
    Path sandbox = work.resolve("sandbox");
    TaskInfo info =
        TaskInfo.newBuilder()
            .setName("web")
            .setTaskId(TaskID.newBuilder().setValue("web.1"))
            .addResources(
                Resource.newBuilder()
                    .setName("ports")
                    .setType(Value.Type.RANGES)
                    .setRanges(
                        Value.Ranges.newBuilder()
                            .addRange(Value.Range.newBuilder().setBegin(31007).setEnd(31007))
                            .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31000))))
            .setCommand(
                CommandInfo.newBuilder()
                    .setValue("echo \"$PORT0 $PORT1 $PORTS $GREETING $MEZZO_TASK_ID $MEZZO_SANDBOX\"")
                    .setEnvironment(
                        Environment.newBuilder()
                            .addVariables(
                                Environment.Variable.newBuilder().setName("GREETING").setValue("hello world"))))
            .build();
    Map<String, String> env = TaskEnvironment.of(info, "agent-1", "fw-1", sandbox);

    TaskProcess task = tasks.launch(sandbox, info.getCommand().getValue(), env);

    assertTrue(await(task.exit()).success());
    assertEquals(
        "31000 31007 31000,31007 hello world web.1 " + sandbox + "\n", read(sandbox.resolve("stdout")));
  }

  @Test
  void taskInheritsTheAgentEnvironmentWithItsVariablesOnTop() throws Exception {
    String path = System.getenv("PATH");
    assumeTrue(path != null, "the test JVM has no PATH");
    TaskProcess task =
        tasks.launch(
            work, "printf '%s|%s|%s' \"$PATH\" \"$HOME\" \"$EXTRA\"", Map.of("HOME", "/nowhere", "EXTRA", "x y"));

    assertTrue(await(task.exit()).success());
    assertEquals(path + "|/nowhere|x y", read(work.resolve("stdout")));
  }

  @Test
  void taskWithAnEmptyPathStillRunsAndIsCleanedUp() throws Exception {
    // The monitor must not depend on the task's PATH to find setsid or anything else.
    TaskProcess task = tasks.launch(work, "echo still here; exit 4", Map.of("PATH", ""));

    assertEquals(4, await(task.exit()).code());
    assertEquals("still here\n", read(work.resolve("stdout")));
  }

  @Test
  void commandStartingWithADashIsNotTakenForAnOption() throws Exception {
    TaskProcess task = tasks.launch(work, "-x");

    assertEquals(127, await(task.exit()).code());
    assertTrue(read(work.resolve("stderr")).contains("-x"));
  }

  @Test
  void thirtyConcurrentLaunchesAllComplete(Vertx vertx) throws Exception {
    CommandExecutor executor = new CommandExecutor(vertx);
    List<Future<ExitStatus>> exits = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Path sandbox = work.resolve("run-" + i);
      exits.add(
          executor
              .launch(new LaunchSpec(sandbox, "echo \"task $N\"", Map.of("N", Integer.toString(i))))
              .map(tasks::track)
              .compose(TaskProcess::exit));
    }

    await(Future.all(exits));

    for (int i = 0; i < 30; i++) {
      assertTrue(exits.get(i).result().success(), "task " + i);
      assertEquals("task " + i + "\n", read(work.resolve("run-" + i).resolve("stdout")));
    }
  }

  @Test
  void launchesDoNotLeakFileDescriptors() throws Exception {
    await(tasks.launch(work.resolve("warm-up"), "true").exit());
    int before = ProcFs.openFileDescriptors();

    for (int i = 0; i < 25; i++) {
      TaskProcess task = tasks.launch(work.resolve("run-" + i), "echo " + i);
      await(task.exit());
    }

    // A leak would be at least one descriptor per task; a little slack for the JVM's own.
    int after = ProcFs.openFileDescriptors();
    assertTrue(after <= before + 5, "open descriptors went from " + before + " to " + after);
  }

  @Test
  void futuresCompleteOnTheCallersContext(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> onContext = Promise.promise();
    context.runOnContext(
        v ->
            new CommandExecutor(vertx)
                .launch(new LaunchSpec(work, "true", Map.of()))
                .onComplete(
                    launched -> {
                      boolean launchOnContext = Vertx.currentContext() == context;
                      tasks.track(launched.result())
                          .exit()
                          .onComplete(
                              exit -> onContext.complete(launchOnContext && Vertx.currentContext() == context));
                    }));

    assertTrue(await(onContext.future()));
  }

  @Test
  void unusableSandboxFailsTheLaunch(Vertx vertx) throws Exception {
    Path file = Files.writeString(work.resolve("file"), "not a directory");

    LaunchSpec spec = new LaunchSpec(file.resolve("run"), "true", Map.of());
    LaunchException e = assertThrows(LaunchException.class, () -> await(new CommandExecutor(vertx).launch(spec)));
    assertTrue(e.getMessage().contains("cannot prepare sandbox"), e.getMessage());
  }

  @Test
  void monitorThatEndsBeforeTheTaskStartsFailsTheLaunch(Vertx vertx) throws Exception {
    Path fakeSetsid =
        Files.writeString(work.resolve("fake-setsid"), "#!/bin/sh\necho 'no session for you' >&2\nexit 1\n");
    assertTrue(fakeSetsid.toFile().setExecutable(true));

    LaunchException e =
        assertThrows(
            LaunchException.class,
            () -> await(new CommandExecutor(vertx, fakeSetsid).launch(new LaunchSpec(work, "true", Map.of()))));
    assertTrue(e.getMessage().contains("the monitor ended before the task started"), e.getMessage());
    assertTrue(e.getMessage().contains("no session for you"), e.getMessage());
  }

  @Test
  void monitorThatPrintsGarbageIsKilledAndFailsTheLaunch(Vertx vertx) throws Exception {
    Path pidFile = work.resolve("fake.pid");
    Path fakeSetsid =
        Files.writeString(
            work.resolve("fake-setsid"), "#!/bin/sh\necho $$ >" + pidFile + "\necho garbage\nexec sleep 600\n");
    assertTrue(fakeSetsid.toFile().setExecutable(true));

    LaunchException e =
        assertThrows(
            LaunchException.class,
            () -> await(new CommandExecutor(vertx, fakeSetsid).launch(new LaunchSpec(work, "true", Map.of()))));
    assertTrue(e.getMessage().contains("'garbage' instead of the task's PID"), e.getMessage());
    long fake = Long.parseLong(read(pidFile).strip());
    Tasks.assertEventually("the fake monitor is gone", () -> !ProcFs.alive(fake));
  }

  @Test
  void specRejectsWhatNoProcessCouldCarry() {
    assertThrows(IllegalArgumentException.class, () -> new LaunchSpec(work, "true", Map.of("A=B", "x")));
    assertThrows(IllegalArgumentException.class, () -> new LaunchSpec(work, "true", Map.of("", "x")));
    assertThrows(IllegalArgumentException.class, () -> new LaunchSpec(work, "true", Map.of("A", "x\0y")));
    assertThrows(IllegalArgumentException.class, () -> new LaunchSpec(work, "echo \0", Map.of()));
  }
}
