package io.mezzo.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.cli.client.TextTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How the listing commands write cells and tables. */
class CellsTest {
  @Test
  void longGeneratedIdsKeepTheirStartAndTheirLastPart() {
    assertEquals("3f2a9c1e...-0001", Cells.shortId("3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b-0001"));
    assertEquals("3f2a9c1e...-S0", Cells.shortId("3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b-S0"));
    assertEquals("sleeper", Cells.shortId("sleeper"));
    assertEquals("-", Cells.shortId(""));
  }

  @Test
  void agesAmountsAndUnits() {
    assertEquals("42s", Cells.age(1000, 1042.9));
    assertEquals("5m", Cells.age(1000, 1000 + 300));
    assertEquals("3h", Cells.age(1000, 1000 + 3 * 3600));
    assertEquals("2d", Cells.age(1000, 1000 + 2 * 86400));
    assertEquals("-", Cells.age(0, 1000));
    assertEquals("4", Cells.number(4.0));
    assertEquals("0.125", Cells.number(0.125));
    assertEquals("64 MB", Cells.megabytes(64));
    assertEquals("1.5 GB", Cells.megabytes(1536));
    assertEquals("0.5/4", Cells.usedOfTotal(0.5, 4, false));
    assertEquals("0.1/4 GB", Cells.usedOfTotal(128, 4096, true));
    assertEquals("64/512 MB", Cells.usedOfTotal(64, 512, true));
  }

  @Test
  void tablesAlignColumnsWhateverTheStyles() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TextTable("ID", "STATE", "AGE")
        .row(Arrays.asList(null, text -> "<" + text + ">"), "t-1", "TASK_RUNNING", "5s")
        .row("longer-id", "TASK_FINISHED", "2m")
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8), text -> text);
    assertEquals(String.join("\n",
        "ID         STATE          AGE",
        "t-1        <TASK_RUNNING>   5s",
        "longer-id  TASK_FINISHED  2m", ""), bytes.toString(StandardCharsets.UTF_8));
  }
}
