package dev.slmmesh.wire;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compact JSON of flat objects, written by hand: the same text {@link Json#write} gives, for maps
 * whose values are strings, booleans, ints, longs or null, and for notifications with such a
 * payload (every push line the broker builds: messages, state and lock updates, most events). The
 * broker runs without the C2 compiler, and there Jackson's generic path took about 8 us for a
 * notification of a few fields, a cost paid by every state set, lock and unlock
 * (docs/performance.md, "Event fan-out and the pending walk"). Anything else (nested values, other
 * numbers) gives null and the caller uses Jackson. Strings are escaped as Jackson escapes them:
 * quote, backslash and the control characters, with the short forms for backspace, tab, line feed,
 * form feed and carriage return; nothing else.
 */
public final class FlatJson {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FlatJson() {}

  /** The compact JSON of {@code map}, or null if one of its values is not flat. */
  public static @Nullable String object(Map<String, ?> map) {
    StringBuilder out = new StringBuilder(32 + 24 * map.size());
    return appendObject(out, map) ? out.toString() : null;
  }

  /** The compact JSON of {@code map}: by hand if it is flat, else through Jackson. */
  public static String write(Map<String, ?> map) {
    String flat = object(map);
    return flat != null ? flat : Json.write(map);
  }

  /** The compact JSON of a notification, or null if its payload is not flat. */
  public static @Nullable String notification(Notification notification) {
    StringBuilder out = new StringBuilder(96 + 32 * notification.payload().size());
    out.append("{\"type\":");
    appendString(out, notification.type());
    out.append(",\"payload\":");
    if (!appendObject(out, notification.payload())) {
      return null;
    }
    out.append(",\"timestamp\":");
    appendString(out, Timestamps.iso(notification.timestamp()));
    return out.append('}').toString();
  }

  private static boolean appendObject(StringBuilder out, Map<String, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, ?> entry : map.entrySet()) {
      if (entry.getKey() == null) {
        return false; // Jackson's error, not ours
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, entry.getKey());
      out.append(':');
      if (!appendValue(out, entry.getValue())) {
        return false;
      }
    }
    out.append('}');
    return true;
  }

  private static boolean appendValue(StringBuilder out, @Nullable Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else {
      return false;
    }
    return true;
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    int plain = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, plain, i);
      plain = i + 1;
      out.append('\\');
      switch (c) {
        case '"', '\\' -> out.append(c);
        case '\b' -> out.append('b');
        case '\t' -> out.append('t');
        case '\n' -> out.append('n');
        case '\f' -> out.append('f');
        case '\r' -> out.append('r');
        default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, plain, s.length()).append('"');
  }
}
