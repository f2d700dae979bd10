package io.mezzo.cli.client;

import java.util.Map;

/**
 * Terminal colors, used only when the output is a terminal and {@code NO_COLOR} is unset
 * (https://no-color.org).
 */
public final class Style {
  private final boolean color;

  private Style(boolean color) {
    this.color = color;
  }

  /** Colors for a person at a terminal, plain text for anything else. */
  public static Style detect(Map<String, String> environment) {
    String noColor = environment.get("NO_COLOR");
    return new Style(System.console() != null && (noColor == null || noColor.isEmpty()));
  }

  public static Style plain() {
    return new Style(false);
  }

  /** {@code text} colored as its task state suggests: green done, red failed, yellow in between. */
  public String state(String state, String text) {
    if (!color) {
      return text;
    }
    String code = switch (state) {
      case "TASK_FINISHED", "TASK_RUNNING" -> "32";
      case "TASK_FAILED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR" -> "31";
      case "TASK_KILLED", "TASK_KILLING", "TASK_UNREACHABLE", "TASK_UNKNOWN" -> "33";
      default -> "36";
    };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }

  public String dim(String text) {
    return color ? "\u001b[2m" + text + "\u001b[0m" : text;
  }

  public String bold(String text) {
    return color ? "\u001b[1m" + text + "\u001b[0m" : text;
  }
}
