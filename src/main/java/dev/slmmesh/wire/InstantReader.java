package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads a time of an answer: ISO 8601 as we write it, or the original's zone-less SQLite form (read
 * as UTC), see {@link Timestamps#parse}. The counterpart of {@link IsoInstant}.
 */
public final class InstantReader extends StdDeserializer<Instant> {
  private static final long serialVersionUID = 1L;

  public InstantReader() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String text = p.getValueAsString();
    if (text == null) {
      return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }
    return Timestamps.parse(text)
        .orElseThrow(() -> ctxt.weirdStringException(text, Instant.class, "not a time"));
  }
}
