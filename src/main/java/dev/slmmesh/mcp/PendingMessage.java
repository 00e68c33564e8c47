package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A message pushed to this session and not yet shown to the model (docs/wire.md, "Push"). */
record PendingMessage(
    String messageId,
    String fromPeer,
    @Nullable String fromName,
    String type,
    String text,
    String sentAt) {

  /** The sender as a model should read it: its name when the broker sent one, else its id. */
  String sender() {
    return fromName == null || fromName.isEmpty() ? fromPeer : fromName;
  }

  /**
   * Reads a {@code message} push envelope; empty when the line is not one or lacks the id, the
   * sender or the text.
   */
  static Optional<PendingMessage> fromPush(JsonNode envelope) {
    if (!"message".equals(envelope.path("type").asText())) {
      return Optional.empty();
    }
    JsonNode p = envelope.path("payload");
    String id = p.path("messageId").asText("");
    String from = p.path("fromPeer").asText("");
    JsonNode text = p.get("text");
    if (id.isEmpty() || from.isEmpty() || text == null || !text.isTextual()) {
      return Optional.empty();
    }
    JsonNode name = p.get("fromName");
    return Optional.of(
        new PendingMessage(
            id,
            from,
            name != null && name.isTextual() ? name.textValue() : null,
            p.path("messageType").asText("text"),
            text.textValue(),
            envelope.path("timestamp").asText("")));
  }
}
