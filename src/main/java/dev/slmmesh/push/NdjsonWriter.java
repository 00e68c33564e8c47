package dev.slmmesh.push;

import dev.slmmesh.wire.FlatJson;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.Notification;
import java.nio.charset.StandardCharsets;

/**
 * NDJSON framing for the broker-to-peer direction (docs/wire.md, "Push"): compact JSON, UTF-8, one
 * {@code '\n'}, no {@code '\r'}. Compact Jackson output escapes control characters, so the only
 * newline in a frame is the terminator.
 */
final class NdjsonWriter {

  private NdjsonWriter() {}

  /** The bytes of one line: the compact JSON of {@code value} followed by {@code '\n'}. */
  static byte[] encode(Object value) {
    return (Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * As {@link #encode(Object)}, byte for byte, written by hand where the payload is flat (every
   * notification the broker builds itself; {@link FlatJson}), through Jackson otherwise.
   */
  static byte[] encode(Notification notification) {
    String flat = FlatJson.notification(notification);
    return flat == null
        ? encode((Object) notification)
        : (flat + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
