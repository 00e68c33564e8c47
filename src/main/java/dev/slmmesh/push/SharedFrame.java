package dev.slmmesh.push;

import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Notification;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lines of message notifications that differ only in their message id, as a broadcast's are
 * (one message row per recipient): encoded once, then each line is the shared bytes before the id,
 * the id as a JSON string, and the shared bytes after it, byte for byte what {@link Frame#of} would
 * encode. Immutable.
 */
final class SharedFrame {

  private static final String ID = "messageId";
  private static final byte[] ID_KEY = ("\"" + ID + "\":").getBytes(StandardCharsets.US_ASCII);

  private final Notification shape;
  private final byte[] prefix;
  private final byte[] suffix;

  private SharedFrame(Notification shape, byte[] prefix, byte[] suffix) {
    this.shape = shape;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /**
   * The shared form of a message notification, or null if it is none (another kind, or an id that
   * is not a string). In compact JSON {@code "messageId":} can only be the key: inside a string
   * value its quotes would be escaped.
   */
  static @Nullable SharedFrame of(Notification notification) {
    if (!(notification.payload().get(ID) instanceof String id)
        || !Notification.MESSAGE.equals(notification.type())) {
      return null;
    }
    byte[] line = NdjsonWriter.encode(notification);
    int key = indexOf(line, ID_KEY);
    byte[] value = quoted(id);
    int start = key + ID_KEY.length;
    if (key < 0 || !regionEquals(line, start, value)) {
      return null;
    }
    return new SharedFrame(
        notification,
        Arrays.copyOfRange(line, 0, start),
        Arrays.copyOfRange(line, start + value.length, line.length));
  }

  /**
   * True if {@code notification} encodes as this shape with another id: a message with the same
   * timestamp and the same payload keys, in the same order, with equal values except the id.
   */
  boolean fits(Notification notification) {
    if (!Notification.MESSAGE.equals(notification.type())
        || !shape.timestamp().equals(notification.timestamp())
        || shape.payload().size() != notification.payload().size()
        || !(notification.payload().get(ID) instanceof String)) {
      return false;
    }
    Iterator<Map.Entry<String, @Nullable Object>> theirs =
        notification.payload().entrySet().iterator();
    for (Map.Entry<String, @Nullable Object> mine : shape.payload().entrySet()) {
      Map.Entry<String, @Nullable Object> other = theirs.next();
      if (!mine.getKey().equals(other.getKey())
          || !(ID.equals(mine.getKey()) || Objects.equals(mine.getValue(), other.getValue()))) {
        return false;
      }
    }
    return true;
  }

  /** The line of a notification that {@link #fits}. */
  Frame frame(Notification notification) {
    String id = (String) Objects.requireNonNull(notification.payload().get(ID));
    byte[] value = quoted(id);
    byte[] line = new byte[prefix.length + value.length + suffix.length];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(value, 0, line, prefix.length, value.length);
    System.arraycopy(suffix, 0, line, prefix.length + value.length, suffix.length);
    return new Frame(line, id);
  }

  /** The id as a JSON string: quoted directly when it needs no escaping (ids are UUIDs). */
  private static byte[] quoted(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!plain) {
        return Json.write(id).getBytes(StandardCharsets.UTF_8);
      }
    }
    byte[] out = new byte[id.length() + 2];
    out[0] = '"';
    for (int i = 0; i < id.length(); i++) {
      out[i + 1] = (byte) id.charAt(i);
    }
    out[out.length - 1] = '"';
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (regionEquals(haystack, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionEquals(byte[] bytes, int at, byte[] part) {
    return at >= 0
        && at + part.length <= bytes.length
        && Arrays.equals(bytes, at, at + part.length, part, 0, part.length);
  }
}
