package io.mezzo.agent.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.ExecutorID;
import io.mezzo.v1.ExecutorInfo;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.FrameworkInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment Mesos gives an executor, as Mezzo's supervisor builds it. */
class ExecutorEnvironmentTest {
  private static final ExecutorEnvironment.Settings SETTINGS = new ExecutorEnvironment.Settings(
      "10.0.0.1:5051", Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofSeconds(2));

  private static ExecutorRunSpec spec(boolean checkpoint, ExecutorInfo.Builder executor) {
    FrameworkInfo framework = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("fw"))
        .setCheckpoint(checkpoint).build();
    return new ExecutorRunSpec("a1", ExecutorKind.CUSTOM, framework,
        executor.setExecutorId(ExecutorID.newBuilder().setValue("e1")).build(), "run-1", Path.of("/sandbox"),
        Path.of("/meta"), List.of());
  }

  @Test
  void checkpointingFrameworkGetsRecoverySettings() {
    Map<String, String> env = ExecutorEnvironment.of(spec(true, ExecutorInfo.newBuilder()), SETTINGS);
    assertEquals("fw", env.get("MESOS_FRAMEWORK_ID"));
    assertEquals("e1", env.get("MESOS_EXECUTOR_ID"));
    assertEquals("10.0.0.1:5051", env.get("MESOS_AGENT_ENDPOINT"));
    assertEquals("/sandbox", env.get("MESOS_DIRECTORY"));
    assertEquals("/sandbox", env.get("MESOS_SANDBOX"));
    assertEquals("a1", env.get("MESOS_SLAVE_ID"));
    assertEquals("a1", env.get("MESOS_AGENT_ID"));
    assertEquals("1", env.get("MESOS_CHECKPOINT"));
    assertEquals("0", env.get("MESOS_HTTP_COMMAND_EXECUTOR"));
    assertEquals("5secs", env.get("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"));
    assertEquals("15mins", env.get("MESOS_RECOVERY_TIMEOUT"));
    assertEquals("2secs", env.get("MESOS_SUBSCRIPTION_BACKOFF_MAX"));
    assertFalse(env.containsKey("MESOS_SLAVE_PID"));
  }

  @Test
  void executorSettingsWinOverDefaultsButNotOverIdentity() {
    Map<String, String> env = ExecutorEnvironment.of(spec(false, ExecutorInfo.newBuilder()
        .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(1_500_000_000L))
        .setCommand(CommandInfo.newBuilder().setEnvironment(Environment.newBuilder()
            .addVariables(Environment.Variable.newBuilder().setName("GREETING").setValue("hi"))
            .addVariables(Environment.Variable.newBuilder().setName("MESOS_EXECUTOR_ID").setValue("other"))))), SETTINGS);
    assertEquals("hi", env.get("GREETING"));
    assertEquals("e1", env.get("MESOS_EXECUTOR_ID"));
    assertEquals("1.5secs", env.get("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"));
    assertEquals("0", env.get("MESOS_CHECKPOINT"));
    assertFalse(env.containsKey("MESOS_RECOVERY_TIMEOUT"), "only checkpointing executors wait for their agent");
  }

  @Test
  void durationsAreWrittenAsMesosWritesThem() {
    assertEquals("2weeks", ExecutorEnvironment.format(Duration.ofDays(14)));
    assertEquals("1days", ExecutorEnvironment.format(Duration.ofDays(1)));
    assertEquals("1.5hrs", ExecutorEnvironment.format(Duration.ofMinutes(90)));
    assertEquals("500ms", ExecutorEnvironment.format(Duration.ofMillis(500)));
    assertEquals("20us", ExecutorEnvironment.format(Duration.ofNanos(20_000)));
    assertEquals("7ns", ExecutorEnvironment.format(Duration.ofNanos(7)));
    assertEquals("0ns", ExecutorEnvironment.format(Duration.ZERO));
  }
}
