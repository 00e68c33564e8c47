package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An accepted request's answer: its body starts with {@code "ok":true} (docs/wire.md). The records
 * of each route family implement it; a refusal is {@link Refusal}.
 */
public interface Answer {
  @JsonProperty("ok")
  default boolean ok() {
    return true;
  }

  /** {@code {"ok":true}} and nothing else (unregister, heartbeat, summary, unlock, ...). */
  @JsonPropertyOrder({"ok"})
  record Ok() implements Answer {
    public static final Ok INSTANCE = new Ok();
  }

  /**
   * {@code {"ok":false,"error":"..."}}: a refusal by the mesh's rules (HTTP 200), or an HTTP-layer
   * error (400, 401, 404, 413, 500) with the fixed texts of {@link WireText}.
   */
  @JsonPropertyOrder({"ok", "error"})
  record Refusal(@JsonProperty("error") String error) {
    @JsonProperty("ok")
    public boolean ok() {
      return false;
    }
  }
}
