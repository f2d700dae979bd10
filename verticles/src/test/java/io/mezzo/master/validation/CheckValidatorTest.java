package io.mezzo.master.validation;

import static io.mezzo.master.core.Fixtures.res;
import static io.mezzo.master.core.Fixtures.taskInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.CheckInfo;
import io.mezzo.v1.CommandInfo;
import io.mezzo.v1.Environment;
import io.mezzo.v1.HealthCheck;
import io.mezzo.v1.TaskInfo;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Health checks, checks and URIs of a task: Mesos's rules, and the bounds Mezzo adds. */
class CheckValidatorTest {
  private static String problem(TaskInfo.Builder task) {
    return TaskValidator.check(task.build(), "a1", id -> false, Set.of(), res("cpus:2;mem:1024")).problem();
  }

  private static TaskInfo.Builder task() {
    return taskInfo("t1", "a1", "cpus:1;mem:128");
  }

  private static HealthCheck.Builder http(int port) {
    return HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
        .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath("/health"));
  }

  @Test
  void validHealthChecksOfEachTypePass() {
    assertNull(problem(task().setHealthCheck(http(8080))));
    assertNull(problem(task().setHealthCheck(http(8080).setHttp(http(8080).getHttpBuilder().setScheme("https")))));
    assertNull(problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
        .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(1)))));
    assertNull(problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
        .setCommand(CommandInfo.newBuilder().setValue("true")).setConsecutiveFailures(0).setIntervalSeconds(0)
        .setTimeoutSeconds(0).setDelaySeconds(0).setGracePeriodSeconds(86400))));
  }

  @Test
  void healthChecksFollowMesosRules() {
    assertEquals("Task uses invalid health check: HealthCheck must specify 'type'",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setHttp(http(80).getHttp()))));
    assertEquals("Task uses invalid health check: 'UNKNOWN' is not a valid health check type",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.UNKNOWN))));
    assertEquals("Task uses invalid health check: Expecting 'http' to be set for HTTP health check",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP))));
    assertEquals("Task uses invalid health check: Expecting 'tcp' to be set for TCP health check",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP))));
    assertEquals("Task uses invalid health check: Expecting 'command' to be set for COMMAND health check",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND))));
    assertEquals("Task uses invalid health check: Command health check must contain 'shell command'",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
            .setCommand(CommandInfo.newBuilder().setValue(" ")))));
    assertEquals("Task uses invalid health check: Unsupported HTTP health check scheme: 'ftp'",
        problem(task().setHealthCheck(http(80).setHttp(http(80).getHttpBuilder().setScheme("ftp")))));
    assertEquals("Task uses invalid health check: The path 'health' of HTTP health check must start with '/'",
        problem(task().setHealthCheck(http(80).setHttp(http(80).getHttpBuilder().setPath("health")))));
    assertEquals("Task uses invalid health check: Expecting 'delay_seconds' to be non-negative",
        problem(task().setHealthCheck(http(80).setDelaySeconds(-1))));
    assertEquals("Task uses invalid health check: Expecting 'grace_period_seconds' to be non-negative",
        problem(task().setHealthCheck(http(80).setGracePeriodSeconds(-0.5))));
    assertEquals("Task uses invalid health check: Expecting 'interval_seconds' to be non-negative",
        problem(task().setHealthCheck(http(80).setIntervalSeconds(Double.NaN))));
    assertEquals("Task uses invalid health check: Expecting 'timeout_seconds' to be non-negative",
        problem(task().setHealthCheck(http(80).setTimeoutSeconds(-3))));
  }

  @Test
  void healthChecksGetTheBoundsMesosLeavesOpen() {
    assertEquals("Task uses invalid health check: Expecting 'http.port' to be a port between 1 and 65535",
        problem(task().setHealthCheck(http(0))));
    assertEquals("Task uses invalid health check: Expecting 'http.port' to be a port between 1 and 65535",
        problem(task().setHealthCheck(http(65536))));
    assertEquals("Task uses invalid health check: Expecting 'timeout_seconds' to be at most 86400 seconds",
        problem(task().setHealthCheck(http(80).setTimeoutSeconds(Double.POSITIVE_INFINITY))));
    assertEquals("Task uses invalid health check: The path of HTTP health check must not hold spaces or control characters",
        problem(task().setHealthCheck(http(80).setHttp(http(80).getHttpBuilder().setPath("/a b")))));
    assertEquals("Task uses invalid health check: Command health check must not have 'uris': nothing fetches them"
            + " for a check",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
            .setCommand(CommandInfo.newBuilder().setValue("true").addUris(CommandInfo.URI.newBuilder().setValue("/x"))))));
    assertEquals("Task uses invalid health check: Command health check's CommandInfo is invalid:"
            + " environment variable name '1x' is invalid",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
            .setCommand(CommandInfo.newBuilder().setValue("true").setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("1x").setValue("v")))))));
    assertEquals("Task health_check.command.value is longer than 65536 characters",
        problem(task().setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
            .setCommand(CommandInfo.newBuilder().setValue("x".repeat(65537))))));
  }

  @Test
  void checksFollowMesosRules() {
    assertNull(problem(task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.TCP)
        .setTcp(CheckInfo.Tcp.newBuilder().setPort(5)))));
    assertNull(problem(task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
        .setCommand(CheckInfo.Command.newBuilder().setCommand(CommandInfo.newBuilder().setValue("true"))))));
    assertEquals("Task uses invalid check: CheckInfo must specify 'type'", problem(task().setCheck(CheckInfo.newBuilder())));
    assertEquals("Task uses invalid check: Expecting 'command' to be set for COMMAND check",
        problem(task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.COMMAND)
            .setCommand(CheckInfo.Command.newBuilder()))));
    assertEquals("Task uses invalid check: The path 'x' of HTTP check must start with '/'",
        problem(task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.HTTP)
            .setHttp(CheckInfo.Http.newBuilder().setPort(80).setPath("x")))));
    assertEquals("Task uses invalid check: Expecting 'interval_seconds' to be non-negative",
        problem(task().setCheck(CheckInfo.newBuilder().setType(CheckInfo.Type.TCP)
            .setTcp(CheckInfo.Tcp.newBuilder().setPort(5)).setIntervalSeconds(-1))));
  }

  private static TaskInfo.Builder withUri(CommandInfo.URI.Builder uri) {
    return task().setCommand(CommandInfo.newBuilder().setValue("true").addUris(uri));
  }

  @Test
  void urisMayBeUrlsFileUrisOrAbsolutePaths() {
    assertNull(problem(withUri(CommandInfo.URI.newBuilder().setValue("https://example.com/app.tgz").setCache(true))));
    assertNull(problem(withUri(CommandInfo.URI.newBuilder().setValue("file:///opt/app.zip"))));
    assertNull(problem(withUri(CommandInfo.URI.newBuilder().setValue("/opt/run.sh").setExecutable(true))));
    assertNull(problem(withUri(CommandInfo.URI.newBuilder().setValue("http://h/x").setOutputFile("bin/run"))));
  }

  @Test
  void badUrisAreRefusedNamingTheUri() {
    assertEquals("Task URI has no value", problem(withUri(CommandInfo.URI.newBuilder())));
    assertEquals("Task URI 'app.tgz' is a relative path; give an absolute path or a URL",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("app.tgz"))));
    assertEquals("Task URI 'hdfs://nn/app.tgz' has an unsupported scheme (use http, https, file or an absolute path)",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("hdfs://nn/app.tgz"))));
    assertEquals("Task URI 'file://app.tgz': a file URI needs an absolute path",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("file://app.tgz"))));
    assertEquals("Task URI 'http://host' has no host or no path",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("http://host"))));
    assertEquals("Task URI 'http://host/dir/' names no file; give it an output_file",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("http://host/dir/"))));
    assertEquals("Task URI 'http://h/x': output_file must be a path inside the sandbox, not an absolute one",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("http://h/x").setOutputFile("/etc/passwd"))));
    assertEquals("Task URI 'http://h/x': output_file '../x' does not name a file inside the sandbox",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("http://h/x").setOutputFile("../x"))));
    assertTrue(problem(withUri(CommandInfo.URI.newBuilder().setValue("/a'b"))).contains("illegal character"));
    assertEquals("Task command.uris[0].value is longer than 2048 characters",
        problem(withUri(CommandInfo.URI.newBuilder().setValue("/" + "x".repeat(2048)))));
  }
}
