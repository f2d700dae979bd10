package io.mezzo.master.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.bus.Refusal;
import io.mezzo.master.validation.OperatorCalls;
import io.mezzo.v1.master.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator section of docs/http-api.md names every operator call, and says "not yet" of exactly those refused as such. */
class OperatorDocsTest {
  static final Path DOC = Path.of("..", "docs", "http-api.md");
  static final Pattern CALL = Pattern.compile("`([A-Z_]+)`");

  /** The rows of the operator call table: each row's call names, and whether it says "not yet". */
  private record Row(List<String> calls, boolean notYet) {}

  private static List<Row> rows() throws Exception {
    String doc = Files.readString(DOC);
    String section = doc.substring(doc.indexOf("## Operator API"), doc.indexOf("### The event stream"));
    List<Row> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      List<String> calls = new ArrayList<>();
      Matcher matcher = CALL.matcher(cells[1]);
      while (matcher.find()) {
        calls.add(matcher.group(1));
      }
      rows.add(new Row(calls, cells[2].contains("not yet")));
    }
    return rows;
  }

  @Test
  void everyCallTypeIsDocumentedOnceAndNotYetMeansRefusedAsSuch() throws Exception {
    Set<String> documented = new TreeSet<>();
    Set<String> notYet = new TreeSet<>();
    for (Row row : rows()) {
      for (String call : row.calls()) {
        assertEquals(true, documented.add(call), call + " is documented twice");
        if (row.notYet()) {
          notYet.add(call);
        }
      }
    }
    Set<String> types = new TreeSet<>();
    Set<String> refusedAsNotYet = new TreeSet<>();
    for (Call.Type type : Call.Type.values()) {
      if (type == Call.Type.UNKNOWN) {
        continue;
      }
      types.add(type.name());
      String expected = OperatorCalls.notYet(type).getMessage();
      try {
        OperatorCalls.check(Call.newBuilder().setType(type).build());
      } catch (Refusal refusal) {
        if (refusal.getMessage().equals(expected)) {
          refusedAsNotYet.add(type.name());
        }
      }
    }
    assertEquals(types, documented, "docs/http-api.md lists the operator calls of master.proto");
    assertEquals(refusedAsNotYet, notYet, "the calls the docs say are not supported yet are those refused so");
  }
}
