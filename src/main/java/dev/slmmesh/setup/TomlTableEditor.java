package dev.slmmesh.setup;

import dev.slmmesh.setup.TomlDocument.Kind;
import dev.slmmesh.setup.TomlDocument.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Edits one table of a TOML file, e.g. {@code [mcp_servers.slm-mesh]} in Codex's {@code
 * config.toml}: sets the keys we manage (other keys and subtables of the table stay), or removes
 * the table with its subtables. Every other line is kept exactly. A definition the editor cannot
 * edit safely (dotted keys or an inline table defining the same table elsewhere) is refused with
 * the line number, so the user edits by hand.
 */
final class TomlTableEditor {
  private final List<String> table;

  TomlTableEditor(List<String> table) {
    this.table = List.copyOf(table);
  }

  /**
   * Sets {@code keys} (name → TOML value text) in the table, creating it at the end if absent. A
   * managed key replaces a subtable of the same name ({@code env} vs {@code [table.env]}).
   */
  String upsert(String text, Map<String, String> keys) {
    TomlDocument doc = TomlDocument.parse(text);
    refuseOutsideDefinitions(doc);
    List<String> lines = new ArrayList<>(doc.lines());
    Statement header = header(doc);
    List<String> managed = new ArrayList<>();
    keys.forEach((k, v) -> managed.add(k + " = " + v));
    if (header == null) {
      return appendTable(lines, managed);
    }
    List<int[]> drop = new ArrayList<>();
    for (Statement s : doc.statements()) {
      boolean ownKey =
          s.kind() == Kind.KEY
              && s.table().equals(table)
              && s.path().size() == 1
              && keys.containsKey(s.path().get(0));
      boolean replacedSubtable =
          s.kind() == Kind.HEADER
              && isSubtable(s.path())
              && keys.containsKey(s.path().get(table.size()));
      if (ownKey) {
        drop.add(new int[] {s.start(), s.end()});
      } else if (replacedSubtable) {
        drop.add(blockOf(doc, s));
      }
    }
    removeRanges(lines, drop);
    int at = indexAfterRemovals(header.start(), drop) + 1;
    lines.addAll(at, managed);
    return join(lines);
  }

  /** Removes the table and its subtables; the text is unchanged when there is none. */
  String remove(String text) {
    TomlDocument doc = TomlDocument.parse(text);
    refuseOutsideDefinitions(doc);
    List<int[]> drop = new ArrayList<>();
    for (Statement s : doc.statements()) {
      if (s.kind() == Kind.HEADER && (s.path().equals(table) || isSubtable(s.path()))) {
        drop.add(blockOf(doc, s));
      }
    }
    if (drop.isEmpty()) {
      return text;
    }
    List<String> lines = new ArrayList<>(doc.lines());
    removeRanges(lines, drop);
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return join(lines);
  }

  /** True when the file defines the table (as a header). */
  boolean present(String text) {
    return header(TomlDocument.parse(text)) != null;
  }

  private @Nullable Statement header(TomlDocument doc) {
    for (Statement s : doc.statements()) {
      if (s.kind() == Kind.HEADER && s.path().equals(table)) {
        return s;
      }
    }
    return null;
  }

  private boolean isSubtable(List<String> path) {
    return path.size() > table.size() && path.subList(0, table.size()).equals(table);
  }

  /** Refuses keys that define our table outside its header, which we cannot edit safely. */
  private void refuseOutsideDefinitions(TomlDocument doc) {
    for (Statement s : doc.statements()) {
      if (s.kind() != Kind.KEY || s.table().equals(table) || isSubtable(s.table())) {
        continue;
      }
      List<String> full = new ArrayList<>(s.table());
      full.addAll(s.path());
      boolean dotted = full.size() > table.size() && full.subList(0, table.size()).equals(table);
      boolean inline =
          table.subList(0, table.size() - 1).equals(full)
              && String.join("\n", doc.lines().subList(s.start(), s.end()))
                  .contains(table.get(table.size() - 1));
      if (dotted || full.equals(table) || inline) {
        throw new IllegalArgumentException(
            "line "
                + (s.start() + 1)
                + " defines ["
                + String.join(".", table)
                + "] with dotted keys or an inline table; edit that entry by hand");
      }
    }
  }

  /**
   * The statement's header line through its last key, leaving blank and comment lines that lead to
   * the next header.
   */
  private static int[] blockOf(TomlDocument doc, Statement header) {
    List<Statement> all = doc.statements();
    int idx = all.indexOf(header);
    int end = header.end();
    for (int i = idx + 1; i < all.size() && all.get(i).kind() != Kind.HEADER; i++) {
      if (all.get(i).kind() == Kind.KEY) {
        end = all.get(i).end();
      }
    }
    int start = header.start();
    // take one blank line that separated this block from its neighbours, so none pile up
    if (start > 0 && doc.lines().get(start - 1).isBlank()) {
      start--;
    } else if (start == 0 && end < doc.lines().size() && doc.lines().get(end).isBlank()) {
      end++;
    }
    return new int[] {start, end};
  }

  private static void removeRanges(List<String> lines, List<int[]> ranges) {
    ranges.sort((a, b) -> Integer.compare(b[0], a[0]));
    for (int[] r : ranges) {
      lines.subList(r[0], r[1]).clear();
    }
  }

  private static int indexAfterRemovals(int index, List<int[]> removed) {
    int shift = 0;
    for (int[] r : removed) {
      if (r[1] <= index) {
        shift += r[1] - r[0];
      }
    }
    return index - shift;
  }

  private String appendTable(List<String> lines, List<String> managed) {
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (!lines.isEmpty()) {
      lines.add("");
    }
    lines.add("[" + String.join(".", quotedParts()) + "]");
    lines.addAll(managed);
    return join(lines);
  }

  private List<String> quotedParts() {
    List<String> parts = new ArrayList<>();
    for (String p : table) {
      parts.add(p.matches("[A-Za-z0-9_-]+") ? p : string(p));
    }
    return parts;
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** A TOML basic string. */
  static String string(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** A TOML array of basic strings. */
  static String array(List<String> items) {
    List<String> quoted = new ArrayList<>();
    items.forEach(i -> quoted.add(string(i)));
    return "[" + String.join(", ", quoted) + "]";
  }

  /** A one-line TOML inline table of strings. */
  static String inlineTable(Map<String, String> entries) {
    List<String> parts = new ArrayList<>();
    new LinkedHashMap<>(entries)
        .forEach(
            (k, v) -> parts.add((k.matches("[A-Za-z0-9_-]+") ? k : string(k)) + " = " + string(v)));
    return "{ " + String.join(", ", parts) + " }";
  }
}
