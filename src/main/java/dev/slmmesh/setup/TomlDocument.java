package dev.slmmesh.setup;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML file as lines grouped into statements, enough to edit one table without touching the rest:
 * each statement is a table header, a key with its (possibly multi-line) value, or a blank or
 * comment line. Strings (basic, literal, multi-line) and nested arrays are scanned, so a {@code [}
 * or {@code #} inside a value is never taken for a header or a comment. Everything not edited is
 * kept byte for byte.
 */
final class TomlDocument {
  enum Kind {
    HEADER,
    KEY,
    OTHER
  }

  /**
   * Lines {@code [start, end)}; {@code path} is the table path (HEADER) or the dotted key (KEY).
   */
  record Statement(int start, int end, Kind kind, List<String> path, List<String> table) {}

  private final List<String> lines;
  private final List<Statement> statements;

  private TomlDocument(List<String> lines, List<Statement> statements) {
    this.lines = lines;
    this.statements = statements;
  }

  List<String> lines() {
    return lines;
  }

  List<Statement> statements() {
    return statements;
  }

  static TomlDocument parse(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1); // the final newline ends the last line; it is not a line
    }
    List<Statement> out = new ArrayList<>();
    List<String> table = List.of();
    int i = 0;
    while (i < lines.size()) {
      String trimmed = lines.get(i).strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        out.add(new Statement(i, i + 1, Kind.OTHER, List.of(), table));
        i++;
      } else if (trimmed.startsWith("[")) {
        List<String> path = headerPath(trimmed, i);
        table = path;
        out.add(new Statement(i, i + 1, Kind.HEADER, path, path));
        i++;
      } else {
        int end = valueEnd(lines, i);
        out.add(new Statement(i, end, Kind.KEY, keyPath(trimmed, i), table));
        i = end;
      }
    }
    return new TomlDocument(lines, out);
  }

  /** {@code [a."b.c"]} → [a, b.c]; {@code [[x.y]]} → [x, y]. */
  private static List<String> headerPath(String header, int line) {
    boolean array = header.startsWith("[[");
    int close = closing(header, array ? 2 : 1, array ? "]]" : "]", line);
    return splitKey(header.substring(array ? 2 : 1, close), line);
  }

  private static int closing(String s, int from, String end, int line) {
    Scanner sc = new Scanner();
    for (int i = from; i < s.length(); i++) {
      if (!sc.inString() && s.startsWith(end, i)) {
        return i;
      }
      sc.step(s, i);
    }
    throw new IllegalArgumentException("line " + (line + 1) + ": unterminated table header");
  }

  private static List<String> keyPath(String statement, int line) {
    Scanner sc = new Scanner();
    for (int i = 0; i < statement.length(); i++) {
      if (!sc.inString() && statement.charAt(i) == '=') {
        return splitKey(statement.substring(0, i), line);
      }
      sc.step(statement, i);
    }
    throw new IllegalArgumentException("line " + (line + 1) + ": expected key = value");
  }

  /** Splits a dotted key on dots outside quotes and unquotes each part. */
  static List<String> splitKey(String key, int line) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < key.length()) {
          cur.append(key.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '.') {
        parts.add(cur.toString().strip());
        cur.setLength(0);
      } else if (!Character.isWhitespace(c)) {
        cur.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("line " + (line + 1) + ": unterminated quoted key");
    }
    parts.add(cur.toString().strip());
    return List.copyOf(parts);
  }

  /** The line after the last line of the value that starts on {@code start}. */
  private static int valueEnd(List<String> lines, int start) {
    Scanner sc = new Scanner();
    int i = start;
    do {
      String line = lines.get(i);
      for (int c = 0; c < line.length() && !sc.comment; c++) {
        sc.step(line, c);
      }
      sc.endLine();
      i++;
    } while (i < lines.size() && (sc.multiLine != 0 || sc.depth > 0));
    return i;
  }

  /** Tracks strings, comments and bracket depth across the characters of a value. */
  private static final class Scanner {
    char multiLine; // '"' or '\'' inside """ or ''', else 0
    char single; // '"' or '\'' inside a one-line string, else 0
    int depth;
    boolean comment;
    private int skip;

    boolean inString() {
      return multiLine != 0 || single != 0;
    }

    void step(String s, int i) {
      if (skip > 0) {
        skip--;
        return;
      }
      char c = s.charAt(i);
      if (multiLine != 0) {
        if (c == '\\' && multiLine == '"') {
          skip = 1;
        } else if (c == multiLine && s.startsWith(String.valueOf(c).repeat(3), i)) {
          multiLine = 0;
          skip = 2;
        }
      } else if (single != 0) {
        if (c == '\\' && single == '"') {
          skip = 1;
        } else if (c == single) {
          single = 0;
        }
      } else if (c == '#') {
        comment = true;
      } else if (c == '"' || c == '\'') {
        if (s.startsWith(String.valueOf(c).repeat(3), i)) {
          multiLine = c;
          skip = 2;
        } else {
          single = c;
        }
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }

    void endLine() {
      single = 0;
      comment = false;
      skip = 0;
    }
  }
}
