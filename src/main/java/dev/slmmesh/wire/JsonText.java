package dev.slmmesh.wire;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compact JSON of plain values without Jackson's data binding: maps with string keys, collections,
 * strings, booleans, whole numbers and null, written exactly as {@link Json#MAPPER} writes them
 * (same key order, same escapes). The hot paths write such values on every message (a push line, an
 * event's payload, a list of ids bound to a statement), where the binding's serializer lookups cost
 * more than the text itself (docs/performance.md, "The direct path"). Any other value, at any
 * depth, is handed to the mapper, so the result is always what the mapper gives.
 */
final class JsonText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Per ASCII character: 0 as is, a letter for a two-character escape, 'u' for {@code \\u00XX}. */
  private static final char[] ESCAPES = new char[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
  }

  private JsonText() {}

  /** Appends the JSON of {@code value} to {@code out}. */
  static void append(StringBuilder out, @Nullable Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      string(out, (String) value);
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value).booleanValue());
    } else if (value instanceof Integer || value instanceof Long) {
      out.append(((Number) value).longValue());
    } else if (value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Map && stringKeys((Map<?, ?>) value)) {
      map(out, (Map<?, ?>) value);
    } else if (value instanceof Collection) {
      collection(out, (Collection<?>) value);
    } else if (value instanceof Notification) {
      notification(out, (Notification) value);
    } else if (value instanceof MessageApi.Sent) {
      sent(out, (MessageApi.Sent) value);
    } else {
      out.append(Json.bound(value)); // records, instants, doubles, enums, arrays: the mapper's way
    }
  }

  /** Appends {@code s} as a JSON string literal, escaped as the mapper escapes it. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 128 && ESCAPES[c] != 0) {
        out.append(s, start, i);
        escape(out, c);
        start = i + 1;
      }
    }
    out.append(s, start, n).append('"');
  }

  private static void escape(StringBuilder out, char c) {
    char e = ESCAPES[c];
    out.append('\\');
    if (e == 'u') {
      out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
    } else {
      out.append(e);
    }
  }

  /** As its record's annotations say: type, payload, then the ISO timestamp. */
  private static void notification(StringBuilder out, Notification n) {
    out.append("{\"type\":");
    string(out, n.type());
    out.append(",\"payload\":");
    append(out, n.payload());
    out.append(",\"timestamp\":");
    string(out, Timestamps.iso(n.timestamp()));
    out.append('}');
  }

  /** The answer of every {@code /send}: as its record's annotations say, null fields left out. */
  private static void sent(StringBuilder out, MessageApi.Sent sent) {
    out.append("{\"ok\":").append(sent.ok());
    field(out, "messageId", sent.messageId());
    field(out, "messageIds", sent.messageIds());
    field(out, "held", sent.held());
    field(out, "queueFull", sent.queueFull());
    out.append('}');
  }

  private static void field(StringBuilder out, String name, @Nullable Object value) {
    if (value != null) {
      out.append(",\"").append(name).append("\":");
      append(out, value);
    }
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  private static void map(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, (String) e.getKey());
      out.append(':');
      append(out, e.getValue());
    }
    out.append('}');
  }

  private static void collection(StringBuilder out, Collection<?> values) {
    out.append('[');
    boolean first = true;
    for (Object v : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      append(out, v);
    }
    out.append(']');
  }
}
