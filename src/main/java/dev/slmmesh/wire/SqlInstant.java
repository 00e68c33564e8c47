package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Writes an instant as the original's SQLite timestamp ({@code 2026-04-08 10:30:01}). */
public final class SqlInstant extends StdSerializer<Instant> {
  public SqlInstant() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(Timestamps.sql(value));
  }
}
