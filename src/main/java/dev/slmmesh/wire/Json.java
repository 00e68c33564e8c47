package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Map;

/** The one shared, thread-safe Jackson mapper: compact output, unknown fields ignored. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  /**
   * Compact JSON text of a value built from our own types; those always serialize. Plain values
   * (maps, lists, strings, numbers, booleans), push notifications and the answer of {@code /send}
   * are written without the data binding ({@link JsonText}), with the same result.
   */
  public static String write(Object value) {
    if (value instanceof Map
        || value instanceof Collection
        || value instanceof Notification
        || value instanceof MessageApi.Sent) {
      StringBuilder out = new StringBuilder(256);
      JsonText.append(out, value);
      return out.toString();
    }
    return bound(value);
  }

  /** {@link #write} through the data binding. */
  static String bound(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }
}
