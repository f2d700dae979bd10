package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words after {@code --} become the line sh runs, exactly as given. */
class ShellWordsTest {
  @Test
  void oneWordIsAShellLineAsItStands() {
    assertEquals("echo $HOME | wc -c", ShellWords.join(List.of("echo $HOME | wc -c")));
  }

  @Test
  void severalWordsKeepTheirBoundaries() {
    assertEquals("echo hello", ShellWords.join(List.of("echo", "hello")));
    assertEquals("sh -c 'exit 3'", ShellWords.join(List.of("sh", "-c", "exit 3")));
    assertEquals("echo 'it'\\''s' '$HOME' ''", ShellWords.join(List.of("echo", "it's", "$HOME", "")));
    assertEquals("ls -l /tmp/a_b.c", ShellWords.join(List.of("ls", "-l", "/tmp/a_b.c")));
  }

  @Test
  void shReadsTheQuotedWordsBackUnchanged() throws Exception {
    List<String> words = List.of("printf", "%s|", "a b", "it's", "$HOME", "*", "\\n");
    Process sh = new ProcessBuilder("sh", "-c", ShellWords.join(words)).start();
    String printed = new String(sh.getInputStream().readAllBytes());
    assertEquals(true, sh.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals("a b|it's|$HOME|*|\\n|", printed);
  }
}
