package io.mezzo.master.validation;

import static io.mezzo.master.core.Fixtures.taskInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.FrameworkInfo;
import io.mezzo.v1.Label;
import io.mezzo.v1.Labels;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.Value;
import org.junit.jupiter.api.Test;

/** Every string and list a scheduler sends is bounded, and an over-limit one is named. */
class LimitsTest {
  private static final String MB = "x".repeat(1024 * 1024);

  private static TaskInfo.Builder task() {
    return taskInfo("t1", "a1", "cpus:1;mem:128");
  }

  private static FrameworkInfo.Builder framework() {
    return FrameworkInfo.newBuilder().setUser("u").setName("f");
  }

  private static Labels labels(int count, String key, String value) {
    Labels.Builder labels = Labels.newBuilder();
    for (int i = 0; i < count; i++) {
      labels.addLabels(Label.newBuilder().setKey(key + i).setValue(value));
    }
    return labels.build();
  }

  private static CommandInfo.Builder command() {
    return CommandInfo.newBuilder().setValue("true");
  }

  @Test
  void tasksAtTheLimitsPass() {
    Environment.Builder environment = Environment.newBuilder();
    for (int i = 0; i < Limits.MAX_ENVIRONMENT; i++) {
      environment.addVariables(Environment.Variable.newBuilder().setName("V" + i).setValue("x".repeat(100)));
    }
    TaskInfo.Builder full = task()
        .setName("n".repeat(Limits.MAX_NAME_LENGTH))
        .setCommand(command().setUser("u".repeat(Limits.MAX_USER_LENGTH)).setEnvironment(environment))
        .setLabels(labels(Limits.MAX_LABELS, "k", "v".repeat(1000)));
    assertNull(Limits.taskProblem(full.build()));
  }

  @Test
  void aLargeLabelIsNamedByItsPlace() {
    assertEquals("Task labels.labels[1].value is longer than 4096 characters",
        Limits.taskProblem(task().setLabels(labels(1, "k", "v")
            .toBuilder().addLabels(Label.newBuilder().setKey("big").setValue(MB)).build()).build()));
    assertEquals("Task labels.labels[0].key is longer than 256 characters",
        Limits.taskProblem(task().setLabels(labels(1, "k".repeat(300), "v")).build()));
    assertEquals("Task labels.labels has more than 100 entries",
        Limits.taskProblem(task().setLabels(labels(101, "k", "v")).build()));
    assertEquals("framework_info.labels.labels[0].value is longer than 4096 characters",
        Limits.frameworkProblem(framework().setLabels(labels(1, "k", MB)).build()));
  }

  @Test
  void commandAndEnvironmentAreBounded() {
    assertEquals("Task command.user is longer than 256 characters",
        Limits.taskProblem(task().setCommand(command().setUser("u".repeat(257))).build()));
    CommandInfo.Builder arguments = command().setShell(false);
    for (int i = 0; i < 70_000; i++) {
      arguments.addArguments("a");
    }
    assertEquals("Task command.value and command.arguments are longer than 65536 characters together",
        Limits.taskProblem(task().setCommand(arguments).build()));
    Environment.Variable longName = Environment.Variable.newBuilder().setName("N".repeat(257)).build();
    assertEquals("Task command.environment.variables[0].name is longer than 256 characters",
        Limits.taskProblem(task().setCommand(command().setEnvironment(Environment.newBuilder().addVariables(longName))).build()));
    Environment.Builder big = Environment.newBuilder();
    for (int i = 0; i < 3; i++) {
      big.addVariables(Environment.Variable.newBuilder().setName("V" + i).setValue("x".repeat(50_000)));
    }
    assertEquals("Task command.environment is longer than 131072 characters (names and values together)",
        Limits.taskProblem(task().setCommand(command().setEnvironment(big)).build()));
  }

  @Test
  void resourceListsAndIdsAreBounded() {
    TaskInfo.Builder many = task();
    for (int i = 0; i < Limits.MAX_RESOURCES; i++) {
      many.addResources(Resource.newBuilder().setName("r" + i).setType(Value.Type.SCALAR)
          .setScalar(Value.Scalar.newBuilder().setValue(1)));
    }
    assertEquals("Task resources has more than 128 entries", Limits.taskProblem(many.build()));
    Value.Set.Builder items = Value.Set.newBuilder();
    for (int i = 0; i <= Limits.MAX_RESOURCE_VALUES; i++) {
      items.addItem("i" + i);
    }
    Resource set = Resource.newBuilder().setName("s").setType(Value.Type.SET).setSet(items).build();
    assertEquals("Task resources[2].set.item has more than 1000 entries",
        Limits.taskProblem(task().addResources(set).build()));
    assertEquals("Task agent_id.value is longer than 255 characters",
        Limits.taskProblem(task().setAgentId(AgentID.newBuilder().setValue(MB)).build()));
  }

  @Test
  void theWholeMessageIsBoundedToo() {
    // Fields Mezzo does not know are kept by the parser: only the total size bounds them.
    UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
        .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(MB)).build())
        .build();
    assertEquals("Task is larger than 524288 bytes encoded", Limits.taskProblem(task().setUnknownFields(unknown).build()));
    assertEquals("framework_info is larger than 65536 bytes encoded",
        Limits.frameworkProblem(framework().setUnknownFields(unknown).build()));
    assertEquals("framework_info is larger than 65536 bytes encoded",
        Limits.frameworkProblem(framework().setLabels(labels(20, "k", "v".repeat(4000))).build()));
  }

  @Test
  void frameworkStringsAreBounded() {
    assertNull(Limits.frameworkProblem(framework().setWebuiUrl("http://x/" + "p".repeat(2000)).build()));
    assertEquals("framework_info.user is longer than 256 characters",
        Limits.frameworkProblem(framework().setUser("u".repeat(257)).build()));
    assertEquals("framework_info.name is longer than 1024 characters",
        Limits.frameworkProblem(framework().setName(MB).build()));
    assertEquals("framework_info.hostname is longer than 255 characters",
        Limits.frameworkProblem(framework().setHostname("h".repeat(256)).build()));
    assertEquals("framework_info.principal is longer than 256 characters",
        Limits.frameworkProblem(framework().setPrincipal("p".repeat(257)).build()));
    assertEquals("framework_info.webui_url is longer than 2048 characters",
        Limits.frameworkProblem(framework().setWebuiUrl("w".repeat(2049)).build()));
    FrameworkInfo.Builder capabilities = framework();
    for (int i = 0; i <= Limits.MAX_CAPABILITIES; i++) {
      capabilities.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
    }
    assertEquals("framework_info.capabilities has more than 16 entries", Limits.frameworkProblem(capabilities.build()));
  }
}
