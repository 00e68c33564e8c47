package dev.slmmesh.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the benchmark: quoting strings, writing nested maps, lists and numbers for
 * the result file, and reading a string field out of the broker's compact replies.
 */
final class Json {
  private Json() {}

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Writes maps (in their iteration order), lists, strings, numbers, booleans and null. */
  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object value, int depth) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      b.append(quote(s));
    } else if (value instanceof Double d) {
      b.append(Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.3f", d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      b.append(value);
    } else if (value instanceof Map<?, ?> map) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        indent(b, depth + 1);
        b.append(quote(String.valueOf(e.getKey()))).append(": ");
        write(b, e.getValue(), depth + 1);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      indent(b, depth);
      b.append('}');
    } else if (value instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        write(b, list.get(i), depth + 1);
        if (i + 1 < list.size()) {
          b.append(", ");
        }
      }
      b.append(']');
    } else {
      b.append(quote(value.toString()));
    }
  }

  private static void indent(StringBuilder b, int depth) {
    b.append('\n');
    b.append("  ".repeat(depth));
  }

  /** The value of {@code "name":"..."} in compact JSON text, or null; no escapes expected. */
  static String stringField(String text, String name) {
    String key = "\"" + name + "\":\"";
    int start = text.indexOf(key);
    if (start < 0) {
      return null;
    }
    start += key.length();
    int end = text.indexOf('"', start);
    return end < 0 ? null : text.substring(start, end);
  }
}
