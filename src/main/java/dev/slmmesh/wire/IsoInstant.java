package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Writes an instant as the original's ISO timestamp ({@code 2026-04-08T10:30:01.123Z}). */
public final class IsoInstant extends StdSerializer<Instant> {
  public IsoInstant() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(Timestamps.iso(value));
  }
}
