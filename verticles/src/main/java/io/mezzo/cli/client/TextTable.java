package io.mezzo.cli.client;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A plain text table with a header and left-aligned columns two spaces apart, as
 * {@code kubectl get} prints them. Cells may be styled; widths count only the visible text.
 */
public final class TextTable {
  private final List<String> header;
  private final List<String[]> rows = new ArrayList<>();
  private final List<List<UnaryOperator<String>>> styles = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row of plain cells. */
  public TextTable row(String... cells) {
    return row(null, cells);
  }

  /**
   * Adds a row whose cells each get {@code styles[i]} (may be null, or hold nulls) once
   * padded, so that colors do not upset the alignment.
   */
  public TextTable row(List<UnaryOperator<String>> cellStyles, String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    styles.add(cellStyles);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header (styled by {@code headerStyle}) and the rows. */
  public void print(PrintStream out, UnaryOperator<String> headerStyle) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println(line(header.toArray(String[]::new), widths, null, headerStyle));
    for (int r = 0; r < rows.size(); r++) {
      out.println(line(rows.get(r), widths, styles.get(r), null));
    }
  }

  private static String line(String[] cells, int[] widths, List<UnaryOperator<String>> cellStyles, UnaryOperator<String> all) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      boolean last = i == cells.length - 1;
      String padded = last ? cells[i] : cells[i] + " ".repeat(widths[i] - cells[i].length() + 2);
      UnaryOperator<String> style = all != null ? all : cellStyles == null || i >= cellStyles.size() ? null : cellStyles.get(i);
      if (style == null) {
        text.append(padded);
      } else {
        // Only the text is styled, not the padding after it.
        String trailing = padded.substring(cells[i].length());
        text.append(style.apply(cells[i])).append(trailing);
      }
    }
    return text.toString();
  }
}
