package io.mezzo.mesos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compatibility tables of docs/http-api.md, as the tests read them: under each
 * {@code ### <section>} heading of "Mesos compatibility", rows {@code | `NAME` | status | notes |}
 * whose status is {@code supported}, {@code extension} or {@code not yet (#N)}; and under
 * "Schema extensions", the fields and enum values Mezzo adds to Mesos's messages.
 */
final class CompatibilityDoc {
  static final String SCHEDULER = "Scheduler calls";
  static final String EXECUTOR = "Executor calls";
  static final String OPERATOR = "Operator calls";
  static final String ENDPOINTS = "Endpoints";
  static final String EXTENSIONS = "Schema extensions";

  private static final Pattern HEADING = Pattern.compile("^###\\s+(.+?)\\s*$");
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|");
  private static final Pattern NOT_YET = Pattern.compile("not yet \\(#(\\d+)\\)");

  /** A row's status. */
  enum Status { SUPPORTED, EXTENSION, NOT_YET }

  /** One row: a call or endpoint, its status and, when not yet, the issue that brings it. */
  record Row(String name, Status status, int issue) {}

  private final Map<String, Map<String, Row>> sections;
  private final Set<String> extensions;

  private CompatibilityDoc(Map<String, Map<String, Row>> sections, Set<String> extensions) {
    this.sections = sections;
    this.extensions = extensions;
  }

  static CompatibilityDoc load() throws IOException {
    Path doc = Path.of(System.getProperty("mezzo.docs", "../docs"), "http-api.md");
    Map<String, Map<String, Row>> sections = new LinkedHashMap<>();
    Set<String> extensions = new LinkedHashSet<>();
    String section = null;
    boolean compatibility = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("## ")) {
        compatibility = line.trim().equals("## Mesos compatibility");
        section = null;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.find()) {
        section = compatibility ? heading.group(1) : null;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (section == null || !row.find()) {
        continue;
      }
      if (section.equals(EXTENSIONS)) {
        extensions.add(row.group(1));
        continue;
      }
      sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(row.group(1), parse(row.group(1), row.group(2)));
    }
    return new CompatibilityDoc(sections, extensions);
  }

  private static Row parse(String name, String status) {
    if (status.equals("supported")) {
      return new Row(name, Status.SUPPORTED, 0);
    }
    if (status.equals("extension")) {
      return new Row(name, Status.EXTENSION, 0);
    }
    Matcher notYet = NOT_YET.matcher(status);
    if (notYet.matches()) {
      return new Row(name, Status.NOT_YET, Integer.parseInt(notYet.group(1)));
    }
    throw new IllegalStateException("docs/http-api.md: " + name + " has status '" + status
        + "'; expected supported, extension or not yet (#N)");
  }

  /** The rows of {@code section}, by name, in the doc's order. */
  Map<String, Row> rows(String section) {
    return sections.getOrDefault(section, Map.of());
  }

  /** The names in {@code section} with {@code status}. */
  List<String> named(String section, Status status) {
    return rows(section).values().stream().filter(r -> r.status() == status).map(Row::name).toList();
  }

  /** The schema extensions listed ({@code mezzo.v1.master.Call.Type.KILL_TASK}, ...). */
  Set<String> extensions() {
    return extensions;
  }
}
