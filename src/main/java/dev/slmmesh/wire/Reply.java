package dev.slmmesh.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response body whose keys keep the order they were put in, as the original's are fixed
 * (docs/wire.md). {@code Reply.ok().with("peerId", id)} → {@code {"ok":true,"peerId":"..."}}.
 */
public final class Reply {
  private final Map<String, @Nullable Object> body = new LinkedHashMap<>();

  private Reply() {}

  public static Reply ok() {
    return new Reply().with("ok", true);
  }

  /** A body without the {@code ok} key ({@code /health} and {@code /status} have none). */
  public static Reply bare() {
    return new Reply();
  }

  public static Reply error(String message) {
    return new Reply().with("ok", false).with("error", message);
  }

  public Reply with(String key, @Nullable Object value) {
    body.put(key, value);
    return this;
  }

  /** Adds the key only when the value is not null (our optional extensions). */
  public Reply withOptional(String key, @Nullable Object value) {
    return value == null ? this : with(key, value);
  }

  public Map<String, @Nullable Object> body() {
    return body;
  }
}
