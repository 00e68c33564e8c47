package dev.slmmesh.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads our protocol's acknowledgement line, {@code {"type":"ack","messageIds":["<id>",...]}}. Any
 * other shape, a non-string or empty id, or more than {@link #MAX_IDS} ids makes the whole line
 * malformed: it is ignored and the messages are re-pushed later, which is safe.
 */
final class AckParser {

  static final int MAX_IDS = 1000;

  private AckParser() {}

  /** The acknowledged ids, or empty if the line is not a well-formed ack. */
  static Optional<List<String>> ids(JsonNode line) {
    if (!line.isObject() || !"ack".equals(line.path("type").textValue())) {
      return Optional.empty();
    }
    JsonNode array = line.get("messageIds");
    if (array == null || !array.isArray() || array.size() > MAX_IDS) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>(array.size());
    for (JsonNode id : array) {
      if (!id.isTextual() || id.textValue().isEmpty()) {
        return Optional.empty();
      }
      ids.add(id.textValue());
    }
    return Optional.of(ids);
  }
}
