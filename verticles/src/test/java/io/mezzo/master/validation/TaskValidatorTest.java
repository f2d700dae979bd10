package io.mezzo.master.validation;

import static io.mezzo.master.core.Fixtures.res;
import static io.mezzo.master.core.Fixtures.taskInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.DurationInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.KillPolicy;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.Value;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rule a task of an ACCEPT must pass, and what the framework is told when it does not. */
class TaskValidatorTest {
  private static final String AGENT = "a1";
  private static final String SMALL = "cpus:1;mem:128";
  private static final Resources AVAILABLE = res("cpus:2;mem:1024;disk:100;ports:[31000-31010]");

  private static TaskValidator.Checked check(TaskInfo.Builder task) {
    return check(task, Set.of(), Set.of());
  }

  private static TaskValidator.Checked check(TaskInfo.Builder task, Set<String> active, Set<String> inCall) {
    return TaskValidator.check(task.build(), AGENT, active::contains, inCall, AVAILABLE);
  }

  private static void assertProblem(String expected, TaskInfo.Builder task) {
    TaskValidator.Checked checked = check(task);
    assertFalse(checked.valid(), "accepted a task that should fail with: " + expected);
    assertEquals(expected, checked.problem());
    assertNull(checked.resources());
  }

  private static void assertProblemStarts(String prefix, TaskInfo.Builder task) {
    TaskValidator.Checked checked = check(task);
    assertFalse(checked.valid(), "accepted a task that should fail with: " + prefix);
    assertTrue(checked.problem().startsWith(prefix), checked.problem());
  }

  private static TaskInfo.Builder valid() {
    return taskInfo("t1", AGENT, SMALL);
  }

  private static TaskInfo.Builder withCommand(CommandInfo.Builder command) {
    return valid().setCommand(command);
  }

  @Test
  void aValidTaskGivesItsResources() {
    TaskValidator.Checked checked = check(valid().addAllResources(res("ports:[31000-31001]").toProto()));

    assertTrue(checked.valid(), checked.problem());
    assertEquals(res("cpus:1;mem:128;ports:[31000-31001]"), checked.resources());
    assertTrue(check(taskInfo("t1", AGENT, "cpus:0.5")).valid(), "cpus alone is enough");
    assertTrue(check(taskInfo("t1", AGENT, "mem:64")).valid(), "mem alone is enough");
  }

  @Test
  void taskIdsMustBePresentAndSafe() {
    assertProblem("task ID is missing", valid().clearTaskId());
    assertProblem("task ID is missing", valid().setTaskId(TaskID.newBuilder().setValue("")));
    assertProblem("task ID is longer than 255 characters", valid().setTaskId(TaskID.newBuilder().setValue("t".repeat(256))));
    assertProblemStarts("task ID '../etc' may hold only", valid().setTaskId(TaskID.newBuilder().setValue("../etc")));
    assertProblemStarts("task ID 'a/b' may hold only", valid().setTaskId(TaskID.newBuilder().setValue("a/b")));
  }

  @Test
  void taskIdsMustBeNewAmongActiveTasksAndWithinTheCall() {
    assertEquals("Task has duplicate ID: t1", check(valid(), Set.of("t1"), Set.of()).problem());
    assertEquals("Task has duplicate ID: t1", check(valid(), Set.of(), Set.of("t1")).problem());
    assertTrue(check(valid(), Set.of("t2"), Set.of("t3")).valid());
  }

  @Test
  void mesosFieldsMezzoDoesNotSupportAreRefusedByNumber() {
    // A Mesos scheduler's TaskInfo with a ContainerInfo (field 9) parses into unknown fields.
    UnknownFieldSet container =
        UnknownFieldSet.newBuilder()
            .addField(9, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x")).build())
            .build();
    assertProblem(
        "Task uses fields Mezzo does not support (container, discovery ...): numbers [9]",
        valid().setUnknownFields(container));

    UnknownFieldSet unknown =
        UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x")).build())
            .build();
    assertProblem(
        "Task command uses fields Mezzo does not support: numbers [99]",
        withCommand(CommandInfo.newBuilder().setValue("true").setUnknownFields(unknown)));
  }

  @Test
  void nameIsRequiredAndBounded() {
    assertProblem("Task needs a name", valid().clearName());
    assertProblem("Task name is longer than 1024 characters", valid().setName("n".repeat(1025)));
    assertTrue(check(valid().setName("n".repeat(1024))).valid());
  }

  @Test
  void taskMustBeForTheOffersAgent() {
    assertProblem("Task uses agent a2 but the offers are for agent a1", valid().setAgentId(AgentID.newBuilder().setValue("a2")));
    assertProblem("Task uses agent  but the offers are for agent a1", valid().clearAgentId());
  }

  @Test
  void commandMustBePresentNonBlankAndBounded() {
    assertProblem("Task has no command", valid().clearCommand());
    assertProblem("Task command has no value", withCommand(CommandInfo.newBuilder()));
    assertProblem("Task command has no value", withCommand(CommandInfo.newBuilder().setValue(" \t\n")));

    assertProblem("Task command.value is longer than 65536 characters",
        withCommand(CommandInfo.newBuilder().setValue("x".repeat(65537))));
    assertTrue(check(withCommand(CommandInfo.newBuilder().setValue("x".repeat(65536)))).valid());
    // Arguments count too, each with its separator.
    assertProblem(
        "Task command.value and command.arguments are longer than 65536 characters together",
        withCommand(CommandInfo.newBuilder().setShell(false).setValue("x".repeat(65535)).addArguments("x")));
  }

  @Test
  void commandMustNotHoldNulCharacters() {
    assertProblem("Task command contains a NUL character", withCommand(CommandInfo.newBuilder().setValue("echo a\0b")));
    // No process argument can carry a NUL either; it must fail here, not on the agent.
    assertProblem(
        "Task command argument contains a NUL character",
        withCommand(CommandInfo.newBuilder().setShell(false).setValue("/bin/echo").addArguments("echo").addArguments("a\0b")));
  }

  @Test
  void environmentVariablesNeedPortableNamesAndNoNul() {
    assertProblem("Task environment variable name '1ABC' is invalid", withCommand(env("1ABC", "v")));
    assertProblem("Task environment variable name 'A-B' is invalid", withCommand(env("A-B", "v")));
    assertProblem("Task environment variable name '' is invalid", withCommand(env("", "v")));
    assertProblem("Task environment variable X contains a NUL character", withCommand(env("X", "a\0b")));
    assertTrue(check(withCommand(env("_My_Var1", "any value = ok"))).valid());

    Environment.Builder many = Environment.newBuilder();
    for (int i = 0; i <= Limits.MAX_ENVIRONMENT; i++) {
      many.addVariables(Environment.Variable.newBuilder().setName("V" + i).setValue("x"));
    }
    assertProblem(
        "Task command.environment.variables has more than 1000 entries",
        withCommand(CommandInfo.newBuilder().setValue("true").setEnvironment(many)));
  }

  @Test
  void dataAndLabelsAreBounded() {
    assertProblem("Task data is larger than 102400 bytes", valid().setData(ByteString.copyFrom(new byte[102_401])));
    assertTrue(check(valid().setData(ByteString.copyFrom(new byte[102_400]))).valid());

    Labels.Builder labels = Labels.newBuilder();
    for (int i = 0; i < Limits.MAX_LABELS; i++) {
      labels.addLabels(Label.newBuilder().setKey("k" + i).setValue("v"));
    }
    assertTrue(check(valid().setLabels(labels)).valid());
    labels.addLabels(Label.newBuilder().setKey("one-too-many"));
    assertProblem("Task labels.labels has more than 100 entries", valid().setLabels(labels));
  }

  @Test
  void killPolicyGracePeriodIsBetweenZeroAndADay() {
    String problem = "Task kill policy grace period must be between 0 and 1 day";
    assertProblem(problem, valid().setKillPolicy(grace(-1)));
    assertProblem(problem, valid().setKillPolicy(grace(Duration.ofDays(1).toNanos() + 1)));
    assertTrue(check(valid().setKillPolicy(grace(0))).valid());
    assertTrue(check(valid().setKillPolicy(grace(Duration.ofDays(1).toNanos()))).valid());
  }

  @Test
  void resourcesMustBeValidNeedCpusOrMemAndFitTheOffers() {
    Resource negative =
        Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(-1)).build();
    TaskValidator.Checked invalid = check(taskInfo("t1", AGENT, "mem:64").addResources(negative));
    assertTrue(invalid.problem().startsWith("Task has invalid resources: resource 'cpus'"), invalid.problem());

    Resource portsAsScalar =
        Resource.newBuilder().setName("ports").setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(1)).build();
    assertProblemStarts("Task has invalid resources: ", taskInfo("t1", AGENT, SMALL).addResources(portsAsScalar));

    assertProblem("Task uses no cpus and no mem; give it at least one of them", taskInfo("t1", AGENT, "disk:10"));
    assertProblem("Task uses no cpus and no mem; give it at least one of them", taskInfo("t1", AGENT, ""));

    assertProblem("Task uses more resources cpus:3;mem:128 than available " + AVAILABLE, taskInfo("t1", AGENT, "cpus:3;mem:128"));
    assertProblemStarts("Task uses more resources ", taskInfo("t1", AGENT, "cpus:1;ports:[32000-32000]"));
    assertProblemStarts("Task uses more resources ", taskInfo("t1", AGENT, "cpus(web):1"));
  }

  private static CommandInfo.Builder env(String name, String value) {
    return CommandInfo.newBuilder()
        .setValue("true")
        .setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder().setName(name).setValue(value)));
  }

  private static KillPolicy grace(long nanos) {
    return KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(nanos)).build();
  }
}
