package dev.slmmesh.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table with aligned columns: each column is as wide as its widest cell, capped at its
 * maximum (longer cells are cut with {@code ...}); columns are separated by two spaces and the
 * header is underlined. The last column is never padded, so lines carry no trailing blanks.
 */
final class Table {
  private final List<String> headers;
  private final int[] maxWidths;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * @param maxWidths one cap per column; 0 means no cap
   */
  Table(List<String> headers, int... maxWidths) {
    if (headers.size() != maxWidths.length) {
      throw new IllegalArgumentException(
          "one width per header: " + headers + " vs " + maxWidths.length);
    }
    this.headers = List.copyOf(headers);
    this.maxWidths = maxWidths.clone();
  }

  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table " + headers.size());
    }
    List<String> row = new ArrayList<>(cells.length);
    for (int i = 0; i < cells.length; i++) {
      row.add(cut(oneLine(cells[i]), maxWidths[i]));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  List<String> lines() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(headers, widths));
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    out.add(line(rule, widths));
    for (List<String> row : rows) {
      out.add(line(row, widths));
    }
    return out;
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      sb.append(cell);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return sb.toString().stripTrailing();
  }

  /** Cuts {@code s} to {@code max} characters, ending in {@code ...}; 0 means no cap. */
  static String cut(String s, int max) {
    if (max <= 0 || s.length() <= max) {
      return s;
    }
    return max <= 3 ? s.substring(0, max) : s.substring(0, max - 3) + "...";
  }

  /** Control characters (newlines, tabs, escapes) become spaces so a cell stays on its line. */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString();
  }
}
