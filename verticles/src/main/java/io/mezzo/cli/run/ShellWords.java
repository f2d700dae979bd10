package io.mezzo.cli.run;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the words after {@code --} into the line the agent runs with {@code sh -c}. One word
 * is a shell line as it stands ({@code mezzo run -- 'echo $HOME | wc -c'}); several words are
 * joined with spaces, each quoted when sh would otherwise split or expand it, so that
 * {@code mezzo run -- sh -c 'exit 3'} runs exactly those three words.
 */
public final class ShellWords {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  /** The shell line for {@code words}; empty when there are none. */
  public static String join(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word));
    }
    return line.toString();
  }

  /** {@code word} as sh reads it back unchanged: bare when it is plain, else in single quotes. */
  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
