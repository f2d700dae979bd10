package io.mezzo.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.Resource;
import io.mezzo.v1.TaskID;
import io.mezzo.v1.TaskInfo;
import io.mezzo.v1.Value;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {
  private static final Path SANDBOX = Path.of("/work/agents/a1/frameworks/f1/executors/t1/runs/r1");

  private static TaskInfo.Builder task() {
    return TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"));
  }

  private static Resource ports(String role, long... bounds) {
    Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      ranges.addRange(Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
    }
    return Resource.newBuilder()
        .setName("ports")
        .setType(Value.Type.RANGES)
        .setRole(role)
        .setRanges(ranges)
        .build();
  }

  private static TaskInfo.Builder withVariables(TaskInfo.Builder task, String... namesAndValues) {
    Environment.Builder env = Environment.newBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.addVariables(
          Environment.Variable.newBuilder().setName(namesAndValues[i]).setValue(namesAndValues[i + 1]));
    }
    return task.setCommand(CommandInfo.newBuilder().setValue("true").setEnvironment(env));
  }

  @Test
  void identifiesTheTask() {
    Map<String, String> env = TaskEnvironment.of(task().build(), "a1", "f1", SANDBOX);

    assertEquals(
        Map.of(
            "MEZZO_SANDBOX", SANDBOX.toString(),
            "MEZZO_TASK_ID", "t1",
            "MEZZO_AGENT_ID", "a1",
            "MEZZO_FRAMEWORK_ID", "f1"),
        env);
  }

  @Test
  void portsAreNumberedInAscendingOrder() {
    TaskInfo info = task().addResources(ports("*", 31005, 31006, 31000, 31001)).build();

    Map<String, String> env = TaskEnvironment.of(info, "a1", "f1", SANDBOX);

    assertEquals("31000", env.get("PORT0"));
    assertEquals("31001", env.get("PORT1"));
    assertEquals("31005", env.get("PORT2"));
    assertEquals("31006", env.get("PORT3"));
    assertNull(env.get("PORT4"));
    assertEquals("31000", env.get("PORT"));
    assertEquals("31000,31001,31005,31006", env.get("PORTS"));
  }

  @Test
  void portsOfSeveralRolesAreMergedWithoutDuplicates() {
    TaskInfo info = task().addResources(ports("web", 150, 160)).addResources(ports("*", 100, 200)).build();

    Map<String, String> env = TaskEnvironment.of(info, "a1", "f1", SANDBOX);

    assertEquals("200", env.get("PORT100"));
    assertNull(env.get("PORT101"));
  }

  @Test
  void hugePortRangesAreCapped() {
    TaskInfo info = task().addResources(ports("*", 1, 65535)).build();

    Map<String, String> env = TaskEnvironment.of(info, "a1", "f1", SANDBOX);

    assertEquals("1000", env.get("PORT999"));
    assertNull(env.get("PORT1000"));
    assertEquals(TaskEnvironment.MAX_PORT_VARIABLES, env.get("PORTS").split(",").length);
  }

  @Test
  void noPortsNoPortVariables() {
    Map<String, String> env = TaskEnvironment.of(task().build(), "a1", "f1", SANDBOX);

    assertFalse(env.containsKey("PORT"));
    assertFalse(env.containsKey("PORTS"));
    assertFalse(env.containsKey("PORT0"));
  }

  @Test
  void commandVariablesWinOverPortsButNotOverMezzoOnes() {
    TaskInfo info =
        withVariables(
                task().addResources(ports("*", 31000, 31000)),
                "PORT0", "8080",
                "JAVA_OPTS", "-Xmx1g",
                "MEZZO_TASK_ID", "forged",
                "MEZZO_ANYTHING", "reserved")
            .build();

    Map<String, String> env = TaskEnvironment.of(info, "a1", "f1", SANDBOX);

    assertEquals("8080", env.get("PORT0"));
    assertEquals("-Xmx1g", env.get("JAVA_OPTS"));
    assertEquals("t1", env.get("MEZZO_TASK_ID"));
    assertFalse(env.containsKey("MEZZO_ANYTHING"));
  }

  @Test
  void variablesWithInvalidNamesOrValuesAreIgnored() {
    TaskInfo info =
        withVariables(
                task(),
                "1ST", "x",
                "A-B", "x",
                "", "x",
                "A=B", "x",
                "WITH SPACE", "x",
                "NUL", "a\0b",
                "_ok1", "fine",
                "LAST", "")
            .build();

    Map<String, String> env = TaskEnvironment.of(info, "a1", "f1", SANDBOX);

    assertEquals("fine", env.get("_ok1"));
    assertEquals("", env.get("LAST"));
    for (String name : new String[] {"1ST", "A-B", "", "A=B", "A", "WITH SPACE", "NUL"}) {
      assertFalse(env.containsKey(name), name);
    }
  }

  @Test
  void laterDuplicateVariablesWin() {
    TaskInfo info = withVariables(task(), "X", "1", "X", "2").build();

    assertEquals("2", TaskEnvironment.of(info, "a1", "f1", SANDBOX).get("X"));
  }
}
