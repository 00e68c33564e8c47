package dev.slmmesh.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Writes a request body with jackson-core's generator, field by field in the record's key order,
 * leaving out {@code null}s: byte for byte what binding the record gives (each writer's test checks
 * it), without the about 200 classes that serializing records costs a short process
 * (docs/performance.md, "Second round").
 */
public final class WireBody {
  /** A request record that writes its own body. */
  public interface Request {
    void writeTo(WireBody body);
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final JsonGenerator gen;

  private WireBody() {
    try {
      gen = WireObject.FACTORY.createGenerator(bytes);
      gen.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON object of the request, UTF-8. */
  public static byte[] of(Request request) {
    WireBody body = new WireBody();
    request.writeTo(body);
    try {
      body.gen.writeEndObject();
      body.gen.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.bytes.toByteArray();
  }

  /** A text field, left out when {@code null}. */
  public WireBody text(String name, @Nullable String value) {
    if (value != null) {
      try {
        gen.writeStringField(name, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /** A number field. */
  public WireBody number(String name, long value) {
    try {
      gen.writeNumberField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A boolean field, left out when {@code null}. */
  public WireBody bool(String name, @Nullable Boolean value) {
    if (value != null) {
      try {
        gen.writeBooleanField(name, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }
}
