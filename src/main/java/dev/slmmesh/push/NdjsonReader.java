package dev.slmmesh.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.slmmesh.base.LineBuffer;
import dev.slmmesh.wire.Json;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental NDJSON decoder for bytes arriving in arbitrary chunks. It splits on the {@code '\n'}
 * byte before decoding, so a UTF-8 character split between chunks survives (the original corrupted
 * it). A line longer than the cap is discarded alone and reading resumes after its newline; blank,
 * non-UTF-8 and non-JSON lines are skipped. Not thread-safe: one reader per connection.
 */
final class NdjsonReader {

  /** Longest accepted line in bytes, without its newline (the original's 1 MiB). */
  static final int MAX_LINE_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(NdjsonReader.class);
  private static final ObjectReader JSON =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String source;
  private final LineBuffer line;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long oversizedLines;

  /** {@code source} names the connection in log lines. */
  NdjsonReader(String source) {
    this(source, MAX_LINE_BYTES);
  }

  NdjsonReader(String source, int maxLineBytes) {
    this.source = source;
    this.line = new LineBuffer(maxLineBytes);
  }

  /** Consumes all remaining bytes of {@code chunk}, handing each complete JSON line to the sink. */
  void feed(ByteBuffer chunk, Consumer<JsonNode> sink) {
    while (chunk.hasRemaining()) {
      int start = chunk.position();
      int newline = indexOfNewline(chunk, start);
      int end = newline < 0 ? chunk.limit() : newline;
      append(chunk, start, end);
      chunk.position(newline < 0 ? end : newline + 1);
      if (newline >= 0) {
        endOfLine(sink);
      }
    }
  }

  /** How many lines were discarded for exceeding the cap. */
  long oversizedLines() {
    return oversizedLines;
  }

  private static int indexOfNewline(ByteBuffer chunk, int from) {
    for (int i = from; i < chunk.limit(); i++) {
      if (chunk.get(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(ByteBuffer chunk, int start, int end) {
    if (line.append(chunk, start, end)) {
      LOG.warn(
          "[push] {}: line exceeds {} bytes, discarding it up to the next newline",
          source,
          line.maxBytes());
    }
  }

  private void endOfLine(Consumer<JsonNode> sink) {
    @Nullable ByteBuffer bytes = line.finish();
    if (bytes == null) {
      oversizedLines++;
      return;
    }
    String text;
    try {
      CharBuffer chars = utf8.reset().decode(bytes);
      text = chars.toString().strip();
    } catch (CharacterCodingException e) {
      LOG.debug("[push] {}: skipping a line that is not valid UTF-8", source);
      return;
    }
    if (!text.isEmpty()) {
      parse(text, sink);
    }
  }

  private void parse(String text, Consumer<JsonNode> sink) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      LOG.debug("[push] {}: skipping a line that is not JSON: {}", source, e.getOriginalMessage());
      return;
    }
    sink.accept(node);
  }
}
