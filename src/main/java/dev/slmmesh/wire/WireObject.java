package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object of an answer, read with jackson-core's streaming parser into plain Java values
 * (maps, lists, strings, numbers, booleans), with typed getters that read a field as binding a
 * record would: a missing or {@code null} number is 0, a missing or {@code null} object or text is
 * {@code null}, a number may come as a numeric string and a text as a number, unknown keys are
 * ignored, and anything else is a {@link WireFormatException} that names the field. The readers of
 * the answers on the clients' start paths ({@code register}, {@code heartbeat}, {@code peers},
 * {@code status}) use it instead of Jackson's data binding, which costs a short process about 300
 * classes more (docs/performance.md, "Second round").
 */
public final class WireObject {
  static final JsonFactory FACTORY = new JsonFactory();

  private final Map<String, @Nullable Object> fields;
  private final String where;

  private WireObject(Map<String, @Nullable Object> fields, String where) {
    this.fields = fields;
    this.where = where;
  }

  /** Parses a whole text that must be one JSON object. */
  public static WireObject parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new WireFormatException("the answer is not a JSON object");
      }
      Map<String, @Nullable Object> map = object(p);
      if (p.nextToken() != null) {
        throw new WireFormatException("the answer has more after its JSON object");
      }
      return new WireObject(map, "");
    } catch (IOException e) {
      throw new WireFormatException("the answer is not JSON: " + e.getMessage());
    }
  }

  private static Map<String, @Nullable Object> object(JsonParser p) throws IOException {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      map.put(key, value(p, p.nextToken()));
    }
    return map;
  }

  private static @Nullable Object value(JsonParser p, @Nullable JsonToken t) throws IOException {
    if (t == null) {
      throw new IOException("unexpected end of input");
    }
    switch (t) {
      case START_OBJECT:
        return object(p);
      case START_ARRAY:
        List<@Nullable Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return list;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + t);
    }
  }

  /** True when the key is present, even with {@code null}. */
  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /** A text field; a number or boolean gives its JSON text. */
  public @Nullable String text(String key) {
    Object v = fields.get(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw wrong(key, "a text");
  }

  /** A whole number; 0 when missing or {@code null}; a fraction is cut as binding does. */
  public long number(String key) {
    Object v = fields.get(key);
    if (v == null) {
      return 0;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double && Double.isFinite((Double) v)) {
      double d = (Double) v;
      if (d >= Long.MIN_VALUE && d <= Long.MAX_VALUE) {
        return (long) d;
      }
    }
    if (v instanceof String) {
      try {
        return Long.parseLong(((String) v).trim());
      } catch (NumberFormatException e) {
        throw wrong(key, "a whole number");
      }
    }
    throw wrong(key, v instanceof BigInteger ? "a whole number that fits 64 bits" : "a number");
  }

  /** A whole number that fits an {@code int}; 0 when missing or {@code null}. */
  public int integer(String key) {
    long n = number(key);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw wrong(key, "a whole number that fits 32 bits");
    }
    return (int) n;
  }

  /** A boolean, {@code null} when missing or {@code null}; {@code "true"}/{@code "false"} too. */
  public @Nullable Boolean bool(String key) {
    Object v = fields.get(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.valueOf((String) v);
    }
    throw wrong(key, "true or false");
  }

  /** An ISO 8601 time (or the original's zone-less SQLite form), {@code null} when absent. */
  public @Nullable Instant instant(String key) {
    Object v = fields.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      throw wrong(key, "a time as text");
    }
    return Timestamps.parse((String) v).orElseThrow(() -> wrong(key, "a time"));
  }

  /** A nested object, {@code null} when missing or {@code null}. */
  public @Nullable WireObject object(String key) {
    Object v = fields.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw wrong(key, "an object");
    }
    return nested(key, v);
  }

  /** An array of objects, {@code null} when missing or {@code null}. */
  public @Nullable List<WireObject> objects(String key) {
    Object v = fields.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw wrong(key, "an array");
    }
    List<?> list = (List<?>) v;
    List<WireObject> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (!(e instanceof Map)) {
        throw wrong(key + "[" + i + "]", "an object", e);
      }
      out.add(nested(key + "[" + i + "]", e));
    }
    return out;
  }

  /** A nested object as plain Java values (maps, lists, texts, numbers, booleans, nulls). */
  public @Nullable Map<String, Object> map(String key) {
    Object v = fields.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw wrong(key, "an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) v;
    return map;
  }

  /** Every field, in the answer's order, as plain Java values. */
  public Map<String, @Nullable Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  @SuppressWarnings("unchecked")
  private WireObject nested(String key, Object value) {
    return new WireObject((Map<String, @Nullable Object>) value, where + key + ".");
  }

  /** The error for a field whose value breaks a rule of its record. */
  public WireFormatException invalid(String key, String expected) {
    return wrong(key, expected);
  }

  private WireFormatException wrong(String key, String expected) {
    return wrong(key, expected, fields.get(key));
  }

  private WireFormatException wrong(String key, String expected, @Nullable Object v) {
    String got =
        v instanceof Map
            ? "an object"
            : v instanceof List
                ? "an array"
                : v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    return new WireFormatException(
        "field \"" + where + key + "\" must be " + expected + ", got " + got);
  }
}
