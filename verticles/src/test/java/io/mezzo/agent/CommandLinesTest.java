package io.mezzo.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.v1.CommandInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A task's command as the shell line the executor runs with {@code /bin/sh -c}. */
class CommandLinesTest {
  /** Arguments a shell would mangle if they were not quoted. */
  private static final List<String> AWKWARD =
      List.of("a b", "it's", "\"quoted\"", "$HOME", "${PATH}", "x;y", "a && b", "`id`", "$(id)", "*", "back\\slash", "", "two\nlines", "'");

  private static CommandInfo.Builder command(String value) {
    return CommandInfo.newBuilder().setValue(value);
  }

  /** Runs {@code line} as the command executor does, and gives its standard output. */
  private static String sh(String line) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the shell did not finish: " + line);
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), out);
      return out;
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aShellCommandIsPassedThroughAsItIs() {
    String value = "echo \"$HOME\" | tr a-z A-Z; exit 3";

    assertEquals(value, CommandLines.of(command(value).build()), "shell is the default");
    assertEquals(value, CommandLines.of(command(value).setShell(true).addArguments("ignored").build()));
  }

  @Test
  void aProgramWithArgumentsReceivesThemVerbatim() throws Exception {
    CommandInfo printf =
        command("printf").setShell(false).addArguments("printf").addArguments("[%s]\\n").addAllArguments(AWKWARD).build();

    String out = sh(CommandLines.of(printf));

    StringBuilder expected = new StringBuilder();
    AWKWARD.forEach(argument -> expected.append('[').append(argument).append("]\n"));
    assertEquals(expected.toString(), out);
  }

  @Test
  void theFirstArgumentIsTheProgramsOwnNameAndIsNotPassed() throws Exception {
    CommandInfo echo = command("echo").setShell(false).addArguments("not-passed").addArguments("passed").build();

    assertEquals("exec 'echo' 'passed'", CommandLines.of(echo));
    assertEquals("passed\n", sh(CommandLines.of(echo)));
    assertEquals("\n", sh(CommandLines.of(command("echo").setShell(false).build())));
  }

  @Test
  void aProgramNameWithBlanksIsOneWord() {
    assertEquals("exec '/opt/my app/run'\\''s'", CommandLines.of(command("/opt/my app/run's").setShell(false).build()));
    assertEquals("'it'\\''s'", CommandLines.quote("it's"));
  }
}
